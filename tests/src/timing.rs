//! What the small bench binaries share: `--runs N` from the command line, and the median and
//! maximum of timed runs in milliseconds.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// `--runs N` (at least 1), else `default`.
pub fn runs_from_args(default: usize) -> Result<usize> {
    let mut args = std::env::args().skip(1);
    let mut runs = default;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .context("--runs needs a number")?
                    .parse()
                    .context("--runs needs a number")?
            }
            other => bail!("unknown argument {other}; use --runs N"),
        }
    }
    Ok(runs.max(1))
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and maximum of `runs` timings of `f`, in milliseconds.
pub fn time(runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<(f64, f64)> {
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f()?;
        v.push(ms(t.elapsed()));
    }
    v.sort_by(f64::total_cmp);
    Ok((v[v.len() / 2], v[v.len() - 1]))
}
