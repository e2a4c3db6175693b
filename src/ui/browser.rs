//! The browser, when there is one. The page's components also run natively, at build time,
//! to write the first screen into `index.html` (`levcalc-prerender`, issue 14): there is no
//! window then, and `web_sys::window()` itself would panic off wasm. Every component that
//! touches the browser while it is built goes through [`window`].

use leptos::web_sys;

/// The page's window; `None` off wasm (the build-time render) and in a worker.
pub fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// The page's document; `None` where [`window`] is.
pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// True in a browser page, false in the build-time render.
pub fn present() -> bool {
    window().is_some()
}
