//! Serving the built web UI (`--web-dir`): static files with a single-page-app fallback to
//! `index.html` for every path outside `/v1/`. The HTML page and the service worker are sent
//! with `Cache-Control: no-cache` so that a new build is picked up at once; other files are
//! revalidated by their `Last-Modified`. Without a web directory `GET /` explains how to build
//! the UI.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;

/// The page's file, served for every path that names no file.
pub const INDEX: &str = "index.html";

/// `GET /` when the server runs without `--web-dir`.
pub const NOT_BUILT: &str = "\
Zvonok: сервер синхронизации работает, но веб-интерфейс не подключён.

Чтобы открыть журнал в браузере, соберите интерфейс и запустите сервер вместе с ним:
    bash scripts/run.sh
или укажите каталог уже собранного интерфейса:
    zvonok-server --web-dir КАТАЛОГ    (или переменная окружения ZVONOK_WEB_DIR=КАТАЛОГ)

Приложения на устройствах работают с сервером и без веб-интерфейса. Проверка сервера: /health
";

pub async fn not_built() -> Response {
    ([(CONTENT_TYPE, "text/plain; charset=utf-8")], NOT_BUILT).into_response()
}

/// The answer for unknown API paths, with or without a web UI.
pub fn api_not_found() -> ApiError {
    ApiError::NotFound("такого адреса у сервера нет; проверьте версию приложения".into())
}

/// Static files of `dir` with the SPA fallback.
pub fn serve_dir(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir).fallback(ServeFile::new(dir.join(INDEX)))
}

/// Serves `req` from the web directory; `/v1/…` paths stay the API's (JSON 404).
pub async fn serve(files: ServeDir<ServeFile>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == "/v1" || path.starts_with("/v1/") {
        return api_not_found().into_response();
    }
    let resp = match files.oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    no_cache_for_entry_points(&path, resp)
}

/// `index.html` (also as the fallback of any route) and `sw.js` must never come from a cache.
fn no_cache_for_entry_points(path: &str, mut resp: Response) -> Response {
    let html = resp
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html || path.ends_with("/sw.js") {
        resp.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    resp
}

/// Checks a web directory before serving it: it must exist; without `index.html` only a
/// warning is logged (the UI may still be building).
pub fn check_dir(dir: &Path) -> Result<PathBuf, std::io::Error> {
    let dir = dir.canonicalize()?;
    if !dir.is_dir() {
        return Err(std::io::Error::other("это не каталог"));
    }
    if !dir.join(INDEX).is_file() {
        tracing::warn!(dir = %dir.display(), "web ui directory has no index.html yet");
    }
    Ok(dir)
}
