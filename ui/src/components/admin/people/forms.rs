//! The add and edit forms of the people screen: a student (name; birth date when the reader may
//! edit personal files), a guardian (name, relation; phone with personal files), linking a
//! student to a guardian of the class or unlinking. The server's refusal is shown in the form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::personal::{GuardianField, PersonalOp, StudentField};
use zvonok_core::ids::{GuardianId, StudentId};
use zvonok_core::model::{Guardian, Student};
use zvonok_core::wire::{GuardianRow, PeopleView, PersonRow};

use crate::app::backend;
use crate::components::admin::InlineError;
use crate::i18n::t;
use crate::logic::admin_people::guardians_of;
use crate::logic::dates::iso;

/// What the form edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Editing {
    NewStudent,
    Student(PersonRow),
    /// A guardian of the student.
    Guardian(GuardianRow, StudentId),
    /// A new or an existing guardian for the student.
    AddGuardian(StudentId),
}

fn text_field(label: String, value: RwSignal<String>, class: &'static str) -> impl IntoView {
    view! {
        <label>
            <span>{label}</span>
            <input
                type="text"
                class=class
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

#[component]
pub fn PersonForm(
    view: PeopleView,
    editing: Editing,
    close: Callback<()>,
    saved: Callback<()>,
) -> impl IntoView {
    let class = view.class;
    let (last, first, middle, relation, extra) = match &editing {
        Editing::Student(s) => (
            s.last_name.clone(),
            s.first_name.clone(),
            s.middle_name.clone(),
            String::new(),
            s.birth_date.map(iso).unwrap_or_default(),
        ),
        Editing::Guardian(g, _) => (
            g.last_name.clone(),
            g.first_name.clone(),
            g.middle_name.clone(),
            g.relation.clone(),
            g.phone.clone().unwrap_or_default(),
        ),
        _ => Default::default(),
    };
    let extra_before = extra.clone();
    let last = RwSignal::new(last);
    let first = RwSignal::new(first);
    let middle = RwSignal::new(middle);
    let relation = RwSignal::new(relation);
    // Birth date of a student, phone of a guardian (personal files).
    let extra = RwSignal::new(extra);
    let existing = RwSignal::new(None::<GuardianId>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let personal = view.can_edit_personal;
    let is_student = matches!(editing, Editing::NewStudent | Editing::Student(_));
    let adding_guardian = matches!(editing, Editing::AddGuardian(_));
    let others = guardians_of(&view);

    let title = match &editing {
        Editing::NewStudent => t("admin-people-new-student"),
        Editing::Student(_) => t("admin-people-edit-student"),
        Editing::Guardian(..) => t("admin-people-edit-guardian"),
        Editing::AddGuardian(_) => t("admin-people-add-guardian"),
    };

    let run = move |ops: Vec<PeopleOp>| {
        busy.set(true);
        error.set(None);
        let be = backend();
        spawn_local(async move {
            for op in &ops {
                if let Err(e) = be.people_op(class, op).await {
                    error.set(Some(e.to_string()));
                    busy.set(false);
                    return;
                }
            }
            busy.set(false);
            close.run(());
            saved.run(());
        });
    };

    let what = editing.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (l, f, m) = (last.get(), first.get(), middle.get());
        let x = extra.get().trim().to_string();
        let changed_extra = personal && x != extra_before;
        let mut ops = Vec::new();
        match &what {
            Editing::NewStudent | Editing::Student(_) => {
                let (id, active) = match &what {
                    Editing::Student(s) => (s.id, s.active),
                    _ => (StudentId::new(), true),
                };
                ops.push(PeopleOp::PutStudent {
                    student: Student {
                        id,
                        last_name: l,
                        first_name: f,
                        middle_name: m,
                        active,
                    },
                });
                if changed_extra {
                    ops.push(PeopleOp::SetPersonal {
                        personal: PersonalOp::SetStudentField {
                            student: id,
                            field: StudentField::BirthDate,
                            value: x,
                        },
                    });
                }
            }
            Editing::Guardian(..) | Editing::AddGuardian(_) if existing.get().is_none() => {
                let (id, student) = match &what {
                    Editing::Guardian(g0, s) => (g0.id, *s),
                    Editing::AddGuardian(s) => (GuardianId::new(), *s),
                    _ => return,
                };
                ops.push(PeopleOp::PutGuardian {
                    guardian: Guardian {
                        id,
                        last_name: l,
                        first_name: f,
                        middle_name: m,
                        relation: relation.get(),
                    },
                });
                if matches!(what, Editing::AddGuardian(_)) {
                    ops.push(PeopleOp::Link {
                        guardian: id,
                        student,
                    });
                }
                if changed_extra {
                    ops.push(PeopleOp::SetPersonal {
                        personal: PersonalOp::SetGuardianField {
                            guardian: id,
                            field: GuardianField::Phone,
                            value: x,
                        },
                    });
                }
            }
            Editing::AddGuardian(student) => {
                if let Some(guardian) = existing.get() {
                    ops.push(PeopleOp::Link {
                        guardian,
                        student: *student,
                    });
                }
            }
            Editing::Guardian(..) => {}
        }
        run(ops);
    };
    let unlink = match &editing {
        Editing::Guardian(g, s) => {
            let (guardian, student) = (g.id, *s);
            Some(view! {
                <button
                    type="button"
                    class="btn danger"
                    disabled=move || busy.get()
                    on:click=move |_| run(vec![PeopleOp::Unlink { guardian, student }])
                >
                    {t("admin-people-unlink")}
                </button>
            })
        }
        _ => None,
    };
    let link_existing = (adding_guardian && view.can_edit && !others.is_empty()).then(|| {
        let options = others
            .iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
            .collect_view();
        view! {
            <label>
                <span>{t("admin-people-link-existing")}</span>
                <select on:change=move |ev| existing.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t("admin-people-link-new")}</option>
                    {options}
                </select>
            </label>
        }
    });
    let name_fields = move || {
        existing.get().is_none().then(|| {
            view! {
                {text_field(t("admin-people-last-name"), last, "last-name")}
                {text_field(t("admin-people-first-name"), first, "first-name")}
                {text_field(t("admin-people-middle-name"), middle, "middle-name")}
                {(!is_student).then(|| text_field(t("admin-people-relation"), relation, "relation"))}
                {(personal && is_student)
                    .then(|| {
                        view! {
                            <label>
                                <span>{t("admin-people-birth-date")}</span>
                                <input
                                    type="date"
                                    class="birth-date"
                                    prop:value=move || extra.get()
                                    on:input=move |ev| extra.set(event_target_value(&ev))
                                />
                            </label>
                        }
                    })}
                {(personal && !is_student).then(|| text_field(t("admin-people-phone"), extra, "phone"))}
            }
        })
    };

    view! {
        <form class="card person-form" on:submit=submit>
            <h2>{title}</h2>
            {link_existing}
            <div class="form-grid">{name_fields}</div>
            <InlineError error=error />
            <div class="form-actions">
                <button class="btn primary" type="submit" disabled=move || busy.get()>
                    {t("admin-save")}
                </button>
                <button type="button" class="btn" on:click=move |_| close.run(())>
                    {t("admin-cancel")}
                </button>
                {unlink}
            </div>
        </form>
    }
}
