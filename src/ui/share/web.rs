//! The few browser calls this module needs, each failing softly: a page opened from disk, a
//! private window or a full disk must never stop the calculator.

use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};
use leptos::web_sys::{self, js_sys};

fn location() -> Option<web_sys::Location> {
    crate::ui::browser::window().map(|w| w.location())
}

/// The address's fragment and query, without `#` and `?`.
pub fn hash_and_search() -> (String, String) {
    let Some(l) = location() else {
        return Default::default();
    };
    let get = |r: Result<String, JsValue>| r.unwrap_or_default();
    (get(l.hash()), get(l.search()))
}

/// The address without its fragment, and without its query when `drop_search`.
pub fn base_url(drop_search: bool) -> String {
    let Some(l) = location() else {
        return String::new();
    };
    let href = l.href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    if drop_search {
        base.split('?').next().unwrap_or_default().to_owned()
    } else {
        base.to_owned()
    }
}

/// The address of a page beside this one (`frame.html`; `""` for the directory's index).
pub fn sibling_url(name: &str) -> String {
    let base = base_url(true);
    let dir = base.rfind('/').map_or(base.as_str(), |i| &base[..=i]);
    format!("{dir}{name}")
}

/// True on `frame.html`, the copy of the app that hosts let other sites frame: always embed mode.
pub fn is_frame_page() -> bool {
    base_url(true).ends_with("/frame.html")
}

/// Replace the current history entry's address (no new entry, no reload).
pub fn replace_url(url: &str) {
    if let Some(h) = crate::ui::browser::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

fn storage() -> Option<web_sys::Storage> {
    crate::ui::browser::window()?.local_storage().ok().flatten()
}

/// The stored text under `key`; `Err` when storage cannot be used at all.
pub fn storage_get(key: &str) -> Result<Option<String>, ()> {
    storage().ok_or(())?.get_item(key).map_err(|_| ())
}

pub fn storage_set(key: &str, text: &str) -> Result<(), String> {
    let s = storage().ok_or("This browser does not allow this page to store data.")?;
    s.set_item(key, text)
        .map_err(|_| "The browser refused to store the scenarios (storage full or blocked).".into())
}

/// Remove `key` (nothing happens when storage cannot be used).
pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The current time as ISO 8601 (UTC).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Today's date, `YYYY-MM-DD` (UTC), from the browser's clock.
pub fn today() -> String {
    now_iso().get(..10).unwrap_or_default().to_owned()
}

/// Offer `text` as a file download (a Blob URL clicked through `<a download>`).
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), ()> {
    let document = crate::ui::browser::document().ok_or(())?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| ())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // Revoke once the click has been handled.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        core::time::Duration::from_secs(10),
    );
    Ok(())
}

/// Run `done` with the promise's outcome (`Ok` with its value, `Err` if it was rejected).
pub fn on_promise(p: js_sys::Promise, done: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let d2 = done.clone();
    let ok = Closure::once(move |v: JsValue| {
        if let Some(f) = done.borrow_mut().take() {
            f(Ok(v));
        }
    });
    let err = Closure::once(move |v: JsValue| {
        if let Some(f) = d2.borrow_mut().take() {
            f(Err(v));
        }
    });
    let _ = p.then2(&ok, &err);
    ok.forget();
    err.forget();
}

/// Put `text` on the clipboard; `done(true)` when it worked.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    // `navigator.clipboard` is missing outside secure contexts: check before calling it.
    let clipboard = crate::ui::browser::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    match clipboard {
        Some(c) => on_promise(
            c.unchecked_into::<web_sys::Clipboard>().write_text(text),
            move |r| done(r.is_ok()),
        ),
        None => done(false),
    }
}

/// Read a chosen file as text.
pub fn read_text(file: &web_sys::File, done: impl FnOnce(Option<String>) + 'static) {
    on_promise(file.text(), move |r| {
        done(r.ok().and_then(|v| v.as_string()))
    });
}

/// Set a CSS custom property on the root element (theme colours).
pub fn set_root_style(name: &str, value: &str) {
    let root = crate::ui::browser::document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        let _ = root.style().set_property(name, value);
    }
}

/// Tell the embedding page our height: `{type: "levcalc:height", height}`, on every layout
/// change of `el` (ResizeObserver).
pub fn report_height(el: web_sys::Element) {
    let Some(window) = crate::ui::browser::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let mut last = -1.0;
    let target = el.clone();
    let cb = Closure::<dyn FnMut()>::new(move || {
        let h = target.get_bounding_client_rect().height().ceil();
        if h != last {
            last = h;
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &"levcalc:height".into());
            let _ = js_sys::Reflect::set(&msg, &"height".into(), &h.into());
            let _ = parent.post_message(&msg, "*");
        }
    });
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&el);
        // The page keeps observing for its whole life.
        core::mem::forget(ro);
    }
    cb.forget();
}
