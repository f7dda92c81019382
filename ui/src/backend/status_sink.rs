//! Where status changes go: the status bar subscribes once; the backends push.

use std::cell::RefCell;
use std::rc::Rc;

use zvonok_core::views::status::Status;

type Sink = Rc<dyn Fn(Status)>;

thread_local! {
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
}

/// Calls `f` with every status change the backend learns of.
pub fn on_status(f: impl Fn(Status) + 'static) {
    SINK.with(|s| *s.borrow_mut() = Some(Rc::new(f)));
}

pub(super) fn push(status: Status) {
    let sink = SINK.with(|s| s.borrow().clone());
    if let Some(f) = sink {
        f(status);
    }
}
