//! The weekly timetable: a grid of the school's days × the bells' lesson numbers seen by class,
//! by teacher or by room. Every staff member reads it; whoever holds «Редактировать
//! расписание» taps a cell to add or change a lesson. The problems of the week
//! (`core::timetable_rules`) are computed here at every edit and shown in place: a lesson in
//! conflict is outlined in its cell, and the editor lists what saving would add before anything
//! is sent (the device, then the server, refuse it with the same reasons). Under a class's
//! grid: its hours against the curriculum plan, and the lessons that no longer fit the
//! timetable but hold work. In the app all of it works offline on the replica.

mod changes;
mod editor;
mod import;
mod plan;
mod versions;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::timetable_rules;
use zvonok_core::wire::TimetableView;

use crate::app::{backend, ctx};
use crate::components::common::{Failure, Load, Spinner};
use crate::i18n::{t, ta};
use crate::logic::timetable::{
    classes, default_lens, distinct, grid, rooms, teaching_staff, Draft, Lens, LensKind, Shown,
    TimetablePage,
};
use crate::route::Screen;

use changes::ChangesPage;
use editor::Editor;
use import::ImportPage;
use plan::{OffTimetable, PlanTable};
use versions::VersionBar;

/// What the last write said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveMsg {
    Idle,
    Saving,
    Saved(usize),
    Refused(String),
}

/// The screen's shared state.
#[derive(Clone, Copy)]
pub struct Tt {
    pub school: RwSignal<Load<SchoolData>>,
    pub view: RwSignal<Load<TimetableView>>,
    pub msg: RwSignal<SaveMsg>,
    pub draft: RwSignal<Option<Draft>>,
    /// The version and week the grid shows (`None` until the week is loaded: then the version
    /// in force today).
    pub shown: RwSignal<Option<Shown>>,
    /// The changes page's «whose lessons» (kept while a save reloads the screen).
    pub whose: RwSignal<Option<zvonok_core::ids::StaffId>>,
}

impl Tt {
    fn new() -> Tt {
        Tt {
            school: RwSignal::new(Load::Loading),
            view: RwSignal::new(Load::Loading),
            msg: RwSignal::new(SaveMsg::Idle),
            draft: RwSignal::new(None),
            shown: RwSignal::new(None),
            whose: RwSignal::new(None),
        }
    }

    fn load(self) {
        spawn_local(async move {
            let be = backend();
            let school = be.school().await;
            let view = be.timetable().await;
            self.school.set(match school {
                Ok(s) => Load::Ready(s),
                Err(e) => Load::Failed(e.to_string()),
            });
            if let Ok(TimetableView {
                timetable: Some(t), ..
            }) = &view
            {
                if self.shown.get_untracked().is_none() {
                    let now = zvonok_core::timetable_cycle::in_force(t, crate::platform::today());
                    self.shown.set(Some(Shown {
                        version: now.version,
                        week: None,
                    }));
                }
            }
            self.view.set(match view {
                Ok(v) => Load::Ready(v),
                Err(e) => Load::Failed(e.to_string()),
            });
        });
    }

    /// Sends one write; on success the week is read again and the editor closes, on a
    /// refusal the reason is shown and the editor keeps what was typed.
    pub fn save(self, op: TimetableOp) {
        self.msg.set(SaveMsg::Saving);
        spawn_local(async move {
            let be = backend();
            match be.timetable_op(&op).await {
                Ok(saved) => {
                    if let Ok(v) = be.timetable().await {
                        self.view.set(Load::Ready(v));
                    }
                    self.draft.set(None);
                    self.msg.set(SaveMsg::Saved(saved.pending));
                }
                Err(e) => self.msg.set(SaveMsg::Refused(e.to_string())),
            }
        });
    }
}

pub fn tt() -> Tt {
    expect_context::<Tt>()
}

/// A weekday's short name in the UI's language.
pub fn day_name(d: chrono::Weekday) -> String {
    t(&format!("tt-day-{}", d.number_from_monday()))
}

#[component]
pub fn TimetableScreen(page: TimetablePage) -> impl IntoView {
    let s = Tt::new();
    provide_context(s);
    s.load();
    let retry = Callback::new(move |()| s.load());
    move || match (s.school.get(), s.view.get()) {
        (Load::Failed(e), _) | (_, Load::Failed(e)) => {
            view! { <Failure message=e retry=retry /> }.into_any()
        }
        (Load::Ready(school), Load::Ready(v)) => match (page, v.timetable) {
            (TimetablePage::Import, Some(_)) if v.can_edit => {
                view! { <ImportPage school=school /> }.into_any()
            }
            (_, None) => view! {
                <section class="tt">
                    <h1>{t("tt-title")}</h1>
                    <p class="setup-hint">{t("tt-no-year")}</p>
                </section>
            }
            .into_any(),
            (TimetablePage::Grid(lens), Some(timetable)) => {
                let lens = lens.or_else(|| default_lens(&school));
                let shown = s.shown.get().unwrap_or_default();
                view! {
                    <WeekPage school=school timetable=timetable lens=lens shown=shown can_edit=v.can_edit />
                }
                .into_any()
            }
            (TimetablePage::Import, Some(_)) => {
                view! { <p class="failure" role="alert">{t("tt-no-right")}</p> }.into_any()
            }
            (TimetablePage::Changes(date), Some(timetable)) => {
                let date = date.unwrap_or_else(crate::platform::today);
                view! { <ChangesPage school=school timetable=timetable date=date /> }.into_any()
            }
        },
        _ => view! { <Spinner /> }.into_any(),
    }
}

/// The tabs (by class / teacher / room) and the choice of which one.
#[component]
fn LensPicker(school: SchoolData, timetable: TimetableData, lens: Option<Lens>) -> impl IntoView {
    let c = ctx();
    let kind = lens.map(|l| l.kind());
    let go = move |l: Option<Lens>| c.go(Screen::Timetable(TimetablePage::Grid(l)));
    let class_list = classes(&school);
    let teacher_list = teaching_staff(&school, &timetable);
    let room_list = rooms(&timetable);
    let first_class = class_list.first().map(|x| Lens::Class(x.0));
    let first_teacher = teacher_list.first().map(|x| Lens::Teacher(x.0));
    let first_room = room_list
        .first()
        .map(|r| Lens::Room(crate::logic::timetable::room(r)));
    let tab = move |k: LensKind, label: &'static str, to: Option<Lens>| {
        view! {
            <button
                class="tab"
                role="tab"
                aria-selected=(kind == Some(k)).to_string()
                disabled=to.is_none()
                on:click=move |_| go(to)
            >
                {t(label)}
            </button>
        }
    };
    let options: Vec<(String, String, bool)> = match lens {
        Some(Lens::Class(cur)) => class_list
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone(), *id == cur))
            .collect(),
        Some(Lens::Teacher(cur)) => teacher_list
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone(), *id == cur))
            .collect(),
        Some(Lens::Room(cur)) => room_list
            .iter()
            .map(|r| (r.clone(), r.clone(), r.as_str() == cur))
            .collect(),
        None => Vec::new(),
    };
    let pick = move |v: String| {
        let l = match kind {
            Some(LensKind::Class) => v.parse().ok().map(Lens::Class),
            Some(LensKind::Teacher) => v.parse().ok().map(Lens::Teacher),
            Some(LensKind::Room) => Some(Lens::Room(crate::logic::timetable::room(&v))),
            None => None,
        };
        if l.is_some() {
            go(l);
        }
    };
    let label = match kind {
        Some(LensKind::Teacher) => "tt-teacher",
        Some(LensKind::Room) => "tt-room",
        _ => "tt-class",
    };
    view! {
        <div class="tt-lens">
            <div class="tabs" role="tablist">
                {tab(LensKind::Class, "tt-by-class", first_class)}
                {tab(LensKind::Teacher, "tt-by-teacher", first_teacher)}
                {tab(LensKind::Room, "tt-by-room", first_room)}
            </div>
            {(!options.is_empty())
                .then(|| {
                    view! {
                        <label class="field inline">
                            <span>{t(label)}</span>
                            <select name="tt-lens" on:change=move |ev| pick(event_target_value(&ev))>
                                {options
                                    .into_iter()
                                    .map(|(v, n, sel)| view! { <option value=v selected=sel>{n}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                    }
                })}
        </div>
    }
}

#[component]
fn WeekPage(
    school: SchoolData,
    timetable: TimetableData,
    lens: Option<Lens>,
    shown: Shown,
    can_edit: bool,
) -> impl IntoView {
    let c = ctx();
    let s = tt();
    let problems = timetable_rules::problems(&school, &timetable);
    let all = distinct(problems.iter());
    let total = all.len();
    let Some(lens) = lens else {
        return view! {
            <section class="tt">
                <h1>{t("tt-title")}</h1>
                <p class="setup-hint">{t("tt-no-classes")}</p>
            </section>
        }
        .into_any();
    };
    let g = grid(&school, &timetable, &lens, shown, &problems);
    let days = g.days.clone();
    let can_import = can_edit && backend().admin_base().is_ok();
    let printable = backend().admin_base().is_ok();
    let elsewhere = (total > g.problems.len()).then(|| {
        view! {
            <details class="tt-all">
                <summary>{ta("tt-all-problems", &[("count", total.into())])}</summary>
                <ul>{all.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </details>
        }
    });
    let summary = if g.problems.is_empty() {
        view! { <p class="tt-ok" role="status">{t("tt-no-problems")}</p> }.into_any()
    } else {
        view! {
            <div class="tt-problems" role="alert">
                <h2>{ta("tt-problems", &[("count", g.problems.len().into())])}</h2>
                <ul>{g.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any()
    };
    let editor_school = school.clone();
    let editor_tt = timetable.clone();
    let class_of_lens = match lens {
        Lens::Class(c) => Some(c),
        _ => None,
    };
    view! {
        <section class="tt">
            <div class="tt-head">
                <h1>{t("tt-title")}</h1>
                {printable.then(|| view! { <PrintButtons lens=lens /> })}
                <button
                    class="btn"
                    name="tt-changes"
                    on:click=move |_| c.go(Screen::Timetable(TimetablePage::Changes(None)))
                >
                    {t("tt-changes")}
                </button>
                {can_import
                    .then(|| {
                        view! {
                            <button
                                class="btn"
                                name="tt-import"
                                on:click=move |_| c.go(Screen::Timetable(TimetablePage::Import))
                            >
                                {t("tt-import")}
                            </button>
                        }
                    })}
            </div>
            <LensPicker school=school.clone() timetable=timetable.clone() lens=Some(lens) />
            <VersionBar timetable=timetable.clone() shown=shown can_edit=can_edit />
            {summary}
            {elsewhere}
            <SaveLine />
            {can_edit.then(|| view! { <p class="setup-hint">{t("tt-tap-hint")}</p> })}
            <div class="tt-scroll">
                <table class="tt-grid">
                    <thead>
                        <tr>
                            <th class="tt-num"></th>
                            {days.iter().map(|d| view! { <th>{day_name(*d)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {g
                            .rows
                            .into_iter()
                            .map(|row| {
                                let number = row.number;
                                view! {
                                    <tr class:tt-outside=!row.in_bells>
                                        <th class="tt-num">
                                            <span class="tt-n">{number}</span>
                                            <span class="tt-time">{row.time.clone()}</span>
                                        </th>
                                        {row
                                            .cells
                                            .into_iter()
                                            .zip(days.clone())
                                            .map(|(cell, day)| {
                                                let empty = cell.is_empty();
                                                view! {
                                                    <td
                                                        class="tt-cell"
                                                        data-day=day.number_from_monday()
                                                        data-number=number
                                                    >
                                                        {cell
                                                            .into_iter()
                                                            .map(|cs| {
                                                                let bad = !cs.problems.is_empty();
                                                                let title = cs.problems.join("\n");
                                                                let draft = Draft::of(&cs.slot);
                                                                view! {
                                                                    <button
                                                                        class="tt-slot"
                                                                        class:bad=bad
                                                                        title=title
                                                                        disabled=!can_edit
                                                                        on:click=move |_| {
                                                                            s.msg.set(SaveMsg::Idle);
                                                                            s.draft.set(Some(draft.clone()))
                                                                        }
                                                                    >
                                                                        <span class="tt-subj">
                                                                            {cs.title}
                                                                            {(!cs.week.is_empty())
                                                                                .then(|| view! { <span class="tt-week">{cs.week}</span> })}
                                                                        </span>
                                                                        <span class="tt-detail">{cs.detail}</span>
                                                                        {(!cs.room.is_empty())
                                                                            .then(|| view! { <span class="tt-room">{cs.room}</span> })}
                                                                    </button>
                                                                }
                                                            })
                                                            .collect_view()}
                                                        {can_edit
                                                            .then(|| {
                                                                view! {
                                                                    <button
                                                                        class="tt-add"
                                                                        class:alone=empty
                                                                        aria-label=ta(
                                                                            "tt-add-at",
                                                                            &[
                                                                                ("day", day_name(day).into()),
                                                                                ("number", number.into()),
                                                                            ],
                                                                        )
                                                                        on:click=move |_| {
                                                                            s.msg.set(SaveMsg::Idle);
                                                                            s.draft.set(Some(Draft::new_in(&lens, shown, day, number)))
                                                                        }
                                                                    >
                                                                        "+"
                                                                    </button>
                                                                }
                                                            })}
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {move || {
                s.draft
                    .get()
                    .map(|d| {
                        view! {
                            <Editor school=editor_school.clone() timetable=editor_tt.clone() draft=d />
                        }
                    })
            }}
            {class_of_lens
                .map(|class| view! { <PlanTable school=school.clone() timetable=timetable.clone() class=class version=shown.version /> })}
            {can_import.then(|| view! { <OffTimetable /> })}
        </section>
    }
    .into_any()
}

/// «Сохранено», «Сохранено на устройстве…» or the reason of a refusal.
#[component]
pub fn SaveLine() -> impl IntoView {
    let s = tt();
    move || {
        match s.msg.get() {
        SaveMsg::Idle => ().into_any(),
        SaveMsg::Saving => view! { <p class="setup-msg" role="status">{t("tt-saving")}</p> }.into_any(),
        SaveMsg::Saved(0) => view! { <p class="setup-msg saved" role="status">{t("tt-saved")}</p> }.into_any(),
        SaveMsg::Saved(n) => view! {
            <p class="setup-msg saved" role="status">{ta("tt-saved-pending", &[("count", n.into())])}</p>
        }
        .into_any(),
        SaveMsg::Refused(e) => view! { <p class="setup-msg refused" role="alert">{e}</p> }.into_any(),
    }
    }
}

/// «Печать: Excel, PDF» of what the lens shows (the server makes the file; browser only).
#[component]
fn PrintButtons(lens: Lens) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let (by, id) = match lens {
        Lens::Class(c) => ("class", c.to_string()),
        Lens::Teacher(x) => ("teacher", x.to_string()),
        Lens::Room(r) => ("room", r.to_string()),
    };
    let id = StoredValue::new(id);
    let get = move |pdf: bool| {
        spawn_local(async move {
            let r = backend().timetable_print(by, &id.get_value(), pdf).await;
            crate::components::admin::offer(r, error);
        });
    };
    view! {
        <div class="tt-print">
            <span>{t("tt-print")}</span>
            <button class="btn" name="tt-print-xlsx" on:click=move |_| get(false)>"Excel"</button>
            <button class="btn" name="tt-print-pdf" on:click=move |_| get(true)>"PDF"</button>
            <crate::components::admin::InlineError error=error />
        </div>
    }
}
