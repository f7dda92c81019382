//! Enrollment orders and the movement book: issuing an order as the user's write (then its
//! effects on rosters and journals), the book as JSON and as an XLSX workbook.

use super::*;

// ---------------------------------------------------------------- movement

const ISSUE_ORDERS: &str = "приказы о движении учащихся оформляют секретарь и координатор; \
     попросите право «Оформлять приказы о движении учащихся»";

/// Issues one order as this user's write; then applies its effects to the rosters.
pub fn movement_op(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    op: &MovementOp,
) -> ApiResult<Saved> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Write, Resource::Movement, &ix.dir),
        ISSUE_ORDERS,
    )?;
    let MovementOp::AddOrder { order } = op;
    for class in match &order.kind {
        OrderKind::Enroll { to } => vec![*to],
        OrderKind::Transfer { from, to } => vec![*from, *to],
        OrderKind::Withdraw { from, .. } => vec![*from],
        OrderKind::Cancel { .. } => vec![],
    } {
        if !ix.school.classes.contains_key(&class) {
            return Err(ApiError::Unprocessable(
                "В приказе указан класс, которого нет в школе. Выберите класс из списка.".into(),
            ));
        }
    }
    drop(ix);
    let writer = Writer { user, device };
    let (rec, shared) = the_doc(state, DocKind::Movement)?;
    let mut hot = lock(&shared);
    let before = MovementData::from_doc(&hot.doc).map_err(internal)?;
    let stored = write_doc(state, writer, &rec, &mut hot, |d| movement::apply(d, op))?;
    let after = MovementData::from_doc(&hot.doc).map_err(internal)?;
    drop(hot);
    if stored.index_dirty {
        state.invalidate_index();
    }
    let new = provision::new_orders(&before.orders.keys().copied().collect(), &after);
    provision::apply_orders(state, writer, &after, &new)?;
    Ok(Saved { pending: 0 })
}

const READ_BOOK: &str = "книгу движения учащихся просматривают директор, его заместители и те, \
     кто оформляет приказы; попросите право «Просматривать книгу движения учащихся»";

/// The movement book for `from..=to`.
pub fn book(
    state: &AppState,
    user: &UserRecord,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<BookView> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Read, Resource::Movement, &ix.dir),
        READ_BOOK,
    )?;
    if from > to {
        return Err(ApiError::BadRequest(format!(
            "начало периода ({}) позже конца ({}); поменяйте даты местами",
            from.format("%d.%m.%Y"),
            to.format("%d.%m.%Y")
        )));
    }
    let (_, shared) = the_doc(state, DocKind::Movement)?;
    let data = MovementData::from_doc(&lock(&shared).doc).map_err(internal)?;
    let book = movement_book(&data, from, to).map_err(refused)?;
    let class_names = ix
        .school
        .classes
        .values()
        .map(|c| (c.id, c.name()))
        .collect();
    Ok(BookView { book, class_names })
}

/// The movement book as an XLSX workbook: one line per student per order, then the counts
/// per class.
pub fn book_xlsx(view: &BookView) -> ApiResult<Vec<u8>> {
    let name = |c: &ClassId| view.class_names.get(c).cloned().unwrap_or_default();
    let columns = [
        ExportColumn::new("Дата", 12.0),
        ExportColumn::new("№ приказа", 12.0),
        ExportColumn::new("Приказ", 22.0),
        ExportColumn::new("Ученик", 36.0),
        ExportColumn::new("Из класса", 11.0),
        ExportColumn::new("В класс / куда", 30.0),
        ExportColumn::new("Отменён", 10.0),
    ];
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for e in &view.book.entries {
        let (from, to) = match &e.kind {
            OrderKind::Enroll { to } => (String::new(), name(to)),
            OrderKind::Transfer { from, to } => (name(from), name(to)),
            OrderKind::Withdraw { from, destination } => (name(from), destination.clone()),
            OrderKind::Cancel { .. } => (String::new(), String::new()),
        };
        rows.push(vec![
            Cell::Date(e.date),
            Cell::text(e.number.clone()),
            Cell::text(e.kind.title_ru()),
            Cell::text(e.name.clone()),
            Cell::text(from),
            Cell::text(to),
            Cell::text(if e.cancelled_by.is_some() { "да" } else { "" }),
        ]);
    }
    rows.push(Vec::new());
    rows.push(vec![
        Cell::text("Класс"),
        Cell::text("На начало"),
        Cell::text("Прибыло"),
        Cell::text("Выбыло"),
        Cell::text("На конец"),
    ]);
    for c in &view.book.classes {
        rows.push(vec![
            Cell::text(name(&c.class)),
            Cell::Number(c.at_start as f64),
            Cell::Number(c.arrived as f64),
            Cell::Number(c.left as f64),
            Cell::Number(c.at_end as f64),
        ]);
    }
    zvonok_import::export_xlsx("Книга движения", &columns, &rows)
        .map_err(|e| internal(e.to_string()))
}

/// `POST /v1/web/movement/orders` with a JSON `MovementOp`.
pub async fn post_order(
    State(state): State<Arc<AppState>>,
    a: Authed,
    op: Result<Json<MovementOp>, JsonRejection>,
) -> ApiResult<Json<Saved>> {
    let Json(op) = op.map_err(|e| json_rejection("Приказ", e))?;
    let saved =
        tokio::task::spawn_blocking(move || movement_op(&state, &a.user, &a.device, &op)).await??;
    Ok(Json(saved))
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`
#[derive(Debug, Deserialize)]
pub struct BookQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

fn book_dates(q: Result<Query<BookQuery>, QueryRejection>) -> ApiResult<(NaiveDate, NaiveDate)> {
    let q = query(q, "нужны ?from=ГГГГ-ММ-ДД&to=ГГГГ-ММ-ДД")?;
    let date = |v: Option<&str>, what: &str| -> ApiResult<NaiveDate> {
        let s = v.map(str::trim).unwrap_or("");
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            ApiError::BadRequest(format!(
                "укажите {what} периода в виде ГГГГ-ММ-ДД, например 2026-09-01 (получено «{s}»)"
            ))
        })
    };
    Ok((
        date(q.from.as_deref(), "начало (from)")?,
        date(q.to.as_deref(), "конец (to)")?,
    ))
}

/// `GET /v1/web/movement/book?from=&to=`
pub async fn get_book(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<BookQuery>, QueryRejection>,
) -> ApiResult<Json<BookView>> {
    let (from, to) = book_dates(q)?;
    let v = tokio::task::spawn_blocking(move || book(&state, &a.user, from, to)).await??;
    Ok(Json(v))
}

/// `GET /v1/web/movement/book.xlsx?from=&to=`
pub async fn get_book_xlsx(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<BookQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (from, to) = book_dates(q)?;
    let bytes = tokio::task::spawn_blocking(move || {
        let v = book(&state, &a.user, from, to)?;
        book_xlsx(&v)
    })
    .await??;
    let file = format!("movement-book-{from}-{to}.xlsx");
    Ok(crate::api::download::attachment(
        crate::api::download::XLSX,
        &file,
        bytes,
    ))
}
