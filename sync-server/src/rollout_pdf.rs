//! «Ход внедрения» as the administration meeting's one A4 page (seed, section 3.1): the school,
//! the date, then each stage with its status, what holds and what is missing, in the embedded
//! DejaVu Sans ([`crate::pdf`]) so Cyrillic prints and can be searched. Each stage's lists are
//! wrapped into a fixed number of lines (cut with «…»), so the page never runs over.

use pdf_writer::Content;
use zvonok_core::rollout::{MeasureState, Stage};
use zvonok_core::wire::RolloutView;

use crate::pdf::{assemble, show, wrap, Font, PdfError, A4_LONG, A4_SHORT};

const PAGE_W: f32 = A4_SHORT;
const PAGE_H: f32 = A4_LONG;
/// One and a half centimetres.
const MARGIN: f32 = 42.5;
const TITLE_SIZE: f32 = 14.0;
const STAGE_SIZE: f32 = 11.0;
const TEXT_SIZE: f32 = 9.0;
/// Lines of «Выполнено» and of «Не хватает» per stage at most.
const HOLDS_LINES: usize = 2;
const MISSING_LINES: usize = 4;
/// Nothing of the stages is drawn below this line: the thresholds' note is there.
const BOTTOM: f32 = MARGIN + 48.0;

/// The PDF's bytes.
pub fn render(v: &RolloutView) -> Result<Vec<u8>, PdfError> {
    let mut font = Font::new()?;
    let mut c = Content::new();
    let width = PAGE_W - 2.0 * MARGIN;
    let mut y = PAGE_H - MARGIN - TITLE_SIZE;
    let heading = format!("{} · {}", v.school, v.today.format("%d.%m.%Y"));
    show(&mut c, &mut font, MARGIN, y, 9.0, 0.35, &heading);
    y -= TITLE_SIZE * 1.6;
    let (title, size) = wrap(
        &font,
        "Ход внедрения: отчёт координатора на совещании администрации",
        TITLE_SIZE,
        width,
        1,
    );
    show(&mut c, &mut font, MARGIN, y, size, 0.0, &title[0]);
    y -= TITLE_SIZE * 1.2;
    for stage in &v.stages {
        y -= STAGE_SIZE * 0.8;
        draw_stage(&mut c, &mut font, stage, &mut y, width);
    }
    let note = "Пороги: итоговые отметки — не меньше 95 % учеников по предметам, хотя бы один \
                отчёт за период; журналы — не меньше 90 % уроков с посещаемостью, темой и \
                домашним заданием; родители — не меньше половины учётных записей входили за 30 \
                дней. Решение о переходе к следующему этапу принимает администрация.";
    let (lines, s) = wrap(&font, note, 7.5, width, 4);
    let mut ny = MARGIN + 4.0 * 7.5 * 1.3;
    for line in lines {
        show(&mut c, &mut font, MARGIN, ny, s, 0.35, &line);
        ny -= s * 1.3;
    }
    assemble(&[c.finish().into_vec()], PAGE_W, PAGE_H, &font)
}

fn draw_stage(c: &mut Content, font: &mut Font, stage: &Stage, y: &mut f32, width: f32) {
    let head = format!(
        "Этап {}. {} — {}",
        stage.id.numeral(),
        stage.title,
        stage.status.title_ru()
    );
    let (lines, s) = wrap(font, &head, STAGE_SIZE, width, 2);
    for line in lines {
        if *y < BOTTOM {
            return;
        }
        show(c, font, MARGIN, *y, s, 0.0, &line);
        *y -= s * 1.3;
    }
    let holds = stage.holds();
    let kept_missing: Vec<&str> = stage
        .measures
        .iter()
        .filter(|m| m.state == MeasureState::Short)
        .map(|m| m.text.as_str())
        .collect();
    let not_kept: Vec<&str> = stage
        .measures
        .iter()
        .filter(|m| m.state == MeasureState::NotKept)
        .map(|m| m.text.as_str())
        .collect();
    let mut block = |label: &str, items: &[&str], max: usize| {
        if items.is_empty() {
            return;
        }
        let text = format!("{label}: {}.", items.join("; "));
        let (lines, s) = wrap(font, &text, TEXT_SIZE, width - 10.0, max);
        for line in lines {
            if *y < BOTTOM {
                return;
            }
            show(c, font, MARGIN + 10.0, *y, s, 0.15, &line);
            *y -= s * 1.3;
        }
    };
    block("Выполнено", &holds, HOLDS_LINES);
    block("Не хватает", &kept_missing, MISSING_LINES);
    block("Не ведётся в Звонке", &not_kept, 2);
}
