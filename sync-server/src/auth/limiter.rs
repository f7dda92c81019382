//! The limiter of sign-in attempts.
//!
//! An attempt is counted *before* its password is checked ([`LoginLimiter::begin`] reserves
//! it atomically), so guesses sent at once cannot all slip through; a correct password gives
//! the slot back ([`LoginLimiter::succeeded`]).
//!
//! - Per account (the login as typed, case-insensitive): the first `free_failures` failures in
//!   the window cost nothing; after that each attempt must wait a growing delay (1 s, 2 s, 4 s …
//!   up to `max_delay`). There is no hard lock, so a stranger who knows a teacher's login can
//!   slow guesses down but cannot keep the teacher out for longer than the delay.
//! - Per address: generous (a school behind one NAT is many people), `address_failures` per
//!   window.
//!
//! Memory stays bounded under a flood: at `max_tracked` keys, expired ones are dropped, then
//! the least recently active quarter.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The limits; [`LoginLimits::default`] is what the server runs with.
#[derive(Clone, Debug)]
pub struct LoginLimits {
    /// Failures per account in `window` that cost no delay.
    pub free_failures: u32,
    /// Failures older than this (since the account's last failure) are forgotten.
    pub window: Duration,
    /// The delay after the `free_failures`-th failure; doubled on each further one.
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// Attempts per address in `address_window` (a correct password gives its slot back).
    pub address_failures: u32,
    pub address_window: Duration,
    /// The most accounts (and, separately, addresses) tracked at once.
    pub max_tracked: usize,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            free_failures: 5,
            window: Duration::from_secs(15 * 60),
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            address_failures: 100,
            address_window: Duration::from_secs(15 * 60),
            max_tracked: 100_000,
        }
    }
}

/// What held an attempt back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThrottledBy {
    Account,
    Address,
}

/// An attempt refused before its password was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttled {
    pub by: ThrottledBy,
    pub retry_after: Duration,
}

impl Throttled {
    /// Whole seconds to wait (at least 1), for `Retry-After`.
    pub fn retry_after_secs(&self) -> u64 {
        let d = self.retry_after;
        (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
    }
}

/// A reserved attempt: counted as a failure until [`LoginLimiter::succeeded`] says otherwise.
#[must_use = "an attempt is a failure unless `succeeded` is called"]
#[derive(Debug)]
pub struct Attempt {
    account: String,
    ip: Option<IpAddr>,
}

#[derive(Clone, Copy, Debug)]
struct AccountState {
    failures: u32,
    last: Instant,
    next_allowed: Instant,
}

#[derive(Clone, Copy, Debug)]
struct AddressState {
    start: Instant,
    failures: u32,
}

#[derive(Default)]
struct Counters {
    accounts: HashMap<String, AccountState>,
    addresses: HashMap<IpAddr, AddressState>,
}

pub struct LoginLimiter {
    limits: LoginLimits,
    counters: Mutex<Counters>,
}

fn account_key(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Makes room for one more key: drops the expired ones, then (still full) the least recently
/// active quarter. Amortised: a full scan happens at most once per `max / 4` insertions.
fn make_room<K: Eq + Hash, V>(
    map: &mut HashMap<K, V>,
    max: usize,
    expired: impl Fn(&V) -> bool,
    last: impl Fn(&V) -> Instant,
) {
    if map.len() < max {
        return;
    }
    map.retain(|_, v| !expired(v));
    if map.len() < max {
        return;
    }
    let mut times: Vec<Instant> = map.values().map(&last).collect();
    let cut = times.len() / 4;
    let (_, threshold, _) = times.select_nth_unstable(cut);
    let threshold = *threshold;
    map.retain(|_, v| last(v) > threshold);
}

impl LoginLimiter {
    pub fn new(limits: LoginLimits) -> Self {
        LoginLimiter {
            limits,
            counters: Mutex::new(Counters::default()),
        }
    }

    pub fn limits(&self) -> &LoginLimits {
        &self.limits
    }

    fn delay(&self, failures: u32) -> Duration {
        let over = failures.saturating_sub(self.limits.free_failures).min(30);
        self.limits
            .first_delay
            .saturating_mul(1u32 << over)
            .min(self.limits.max_delay)
    }

    /// Reserves a sign-in attempt for `login` from `ip`, counting it as a failure now, or says
    /// how long to wait. Call [`LoginLimiter::succeeded`] when the password was right.
    pub fn begin(&self, login: &str, ip: Option<IpAddr>) -> Result<Attempt, Throttled> {
        self.begin_at(login, ip, Instant::now())
    }

    fn begin_at(
        &self,
        login: &str,
        ip: Option<IpAddr>,
        now: Instant,
    ) -> Result<Attempt, Throttled> {
        let l = &self.limits;
        let key = account_key(login);
        let mut c = self.counters.lock().unwrap_or_else(|p| p.into_inner());

        if let Some(a) = ip.and_then(|ip| c.addresses.get_mut(&ip)) {
            if now.duration_since(a.start) >= l.address_window {
                *a = AddressState {
                    start: now,
                    failures: 0,
                };
            }
            if a.failures >= l.address_failures {
                return Err(Throttled {
                    by: ThrottledBy::Address,
                    retry_after: (a.start + l.address_window).saturating_duration_since(now),
                });
            }
        }
        if let Some(s) = c.accounts.get_mut(&key) {
            if now.duration_since(s.last) >= l.window && now >= s.next_allowed {
                c.accounts.remove(&key);
            } else if now < s.next_allowed {
                return Err(Throttled {
                    by: ThrottledBy::Account,
                    retry_after: s.next_allowed - now,
                });
            }
        }

        // Reserve: the attempt counts as a failure from now on.
        if !c.accounts.contains_key(&key) {
            let window = l.window;
            make_room(
                &mut c.accounts,
                l.max_tracked,
                |s| now.duration_since(s.last) >= window && now >= s.next_allowed,
                |s| s.last,
            );
        }
        let s = c.accounts.entry(key.clone()).or_insert(AccountState {
            failures: 0,
            last: now,
            next_allowed: now,
        });
        s.failures += 1;
        s.last = now;
        if s.failures >= l.free_failures {
            s.next_allowed = now + self.delay(s.failures);
        }
        if let Some(ip) = ip {
            if !c.addresses.contains_key(&ip) {
                let window = l.address_window;
                make_room(
                    &mut c.addresses,
                    l.max_tracked,
                    |a| now.duration_since(a.start) >= window,
                    |a| a.start,
                );
            }
            c.addresses
                .entry(ip)
                .or_insert(AddressState {
                    start: now,
                    failures: 0,
                })
                .failures += 1;
        }
        Ok(Attempt { account: key, ip })
    }

    /// The password was right: the account's failures are forgiven and the address gets its
    /// slot back.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut c = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        c.accounts.remove(&attempt.account);
        if let Some(a) = attempt.ip.and_then(|ip| c.addresses.get_mut(&ip)) {
            a.failures = a.failures.saturating_sub(1);
        }
    }

    /// How many accounts and addresses are tracked now (memory bound checks).
    pub fn tracked(&self) -> (usize, usize) {
        let c = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        (c.accounts.len(), c.addresses.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> LoginLimits {
        LoginLimits {
            free_failures: 5,
            window: Duration::from_secs(900),
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            address_failures: 100,
            address_window: Duration::from_secs(900),
            max_tracked: 1000,
        }
    }

    fn ip(n: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, n]))
    }

    #[test]
    fn attempts_are_counted_before_the_password_check() {
        let l = LoginLimiter::new(limits());
        let t = Instant::now();
        // 20 guesses in flight at once: each reserves a slot before any password is checked.
        let results: Vec<_> = (0..20).map(|_| l.begin_at("teacher", ip(1), t)).collect();
        let passed: Vec<_> = results.into_iter().filter_map(Result::ok).collect();
        assert_eq!(
            passed.len(),
            5,
            "only the free failures get a password check"
        );
        let refused = l
            .begin_at("Teacher ", ip(2), t)
            .expect_err("case and spaces");
        assert_eq!(refused.by, ThrottledBy::Account);
        assert_eq!(refused.retry_after_secs(), 1);
    }

    #[test]
    fn delays_grow_are_capped_and_a_right_password_after_the_delay_works() {
        let l = LoginLimiter::new(limits());
        let t = Instant::now();
        for _ in 0..5 {
            let _failed = l.begin_at("ivanova.ap", ip(1), t).expect("free");
        }
        let mut at = t;
        let mut waits = Vec::new();
        for _ in 0..9 {
            let wait = l
                .begin_at("ivanova.ap", ip(1), at)
                .expect_err("delay")
                .retry_after;
            waits.push(wait.as_secs());
            at += wait;
            let _failed = l
                .begin_at("ivanova.ap", ip(1), at)
                .expect("after the delay");
        }
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 60, 60, 60]);
        // The teacher, after the current delay, signs in; her failures are forgiven.
        at += Duration::from_secs(60);
        let ok = l
            .begin_at("ivanova.ap", ip(3), at)
            .expect("after the delay");
        l.succeeded(ok);
        for _ in 0..5 {
            let _failed = l.begin_at("ivanova.ap", ip(3), at).expect("fresh start");
        }
    }

    #[test]
    fn the_window_forgets_old_failures() {
        let l = LoginLimiter::new(limits());
        let t = Instant::now();
        for _ in 0..5 {
            let _failed = l.begin_at("director", None, t).expect("free");
        }
        assert!(l.begin_at("director", None, t).is_err());
        let later = t + Duration::from_secs(901);
        for _ in 0..5 {
            let _failed = l.begin_at("director", None, later).expect("forgotten");
        }
    }

    #[test]
    fn one_address_is_generous_and_successes_give_slots_back() {
        let l = LoginLimiter::new(limits());
        let t = Instant::now();
        // A school behind one NAT: 150 people sign in, 50 typos among them.
        for n in 0..150 {
            let a = l.begin_at(&format!("user{n}"), ip(7), t).expect("allowed");
            if n % 3 != 0 {
                l.succeeded(a);
            }
        }
        assert_eq!(l.begin_at("user1", ip(7), t).map(|_| ()), Ok(()));
        // A guesser trying many logins from one address meets the address limit.
        let mut refused = None;
        for n in 0..200 {
            if let Err(e) = l.begin_at(&format!("guess{n}"), ip(9), t) {
                refused = Some((n, e));
                break;
            }
        }
        let (n, e) = refused.expect("address limit");
        assert_eq!((n, e.by), (100, ThrottledBy::Address));
        assert_eq!(e.retry_after, Duration::from_secs(900));
        assert!(l.begin_at("guess0", ip(10), t).is_ok(), "other addresses");
        assert!(l
            .begin_at("guess0", None, t + Duration::from_secs(900))
            .is_ok());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood() {
        let l = LoginLimiter::new(LoginLimits {
            max_tracked: 64,
            address_failures: u32::MAX,
            ..limits()
        });
        let t = Instant::now();
        for n in 0..5000u32 {
            let [_, a, b, c] = n.to_be_bytes();
            let _failed = l.begin_at(&format!("x{n}"), Some(IpAddr::from([10, a, b, c])), t);
        }
        let (accounts, addresses) = l.tracked();
        assert!(accounts <= 64 && addresses <= 64, "{accounts} {addresses}");
        // The most recent account is still tracked.
        for _ in 0..4 {
            let _failed = l.begin_at("x4999", None, t).expect("tracked");
        }
        assert!(l.begin_at("x4999", None, t).is_err());
    }
}
