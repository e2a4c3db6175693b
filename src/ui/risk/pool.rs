//! Web Workers for the Monte Carlo's main run: one per core (`navigator.hardwareConcurrency`,
//! at most [`MAX_WORKERS`]), each running `public/mc-worker.js`, which loads **the page's own
//! module** (the same `.js` glue, and the compiled `WebAssembly.Module` sent with each job) and
//! calls its `mcBlock` export. No second wasm is built or downloaded.
//!
//! A job is one block of paths ([`BLOCK_PATHS`](crate::engine::risk::montecarlo::BLOCK_PATHS));
//! the runner ([`super::mc`]) takes the blocks back in order, so the result does not depend on
//! the number of workers. Where workers cannot run (a page opened from disk, a browser that
//! refuses module workers, no module-preload link to find the glue), [`Pool::start`] gives
//! `None` or the pool reports itself broken, and the runner simulates in slices on the main
//! thread as before.

/// Most workers started.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub const MAX_WORKERS: usize = 8;

/// Jobs a worker holds at once: the next block waits in its queue while it runs one, so it
/// never idles waiting for the main thread.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub const DEPTH: u8 = 2;

/// A worker's answer: `(generation, block, words or the error's text)`.
pub type Reply = (u64, usize, Result<Vec<f64>, String>);

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{Reply, DEPTH, MAX_WORKERS};
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{self, MessageEvent, Worker, WorkerOptions, WorkerType};

    struct Slot {
        worker: Worker,
        /// Jobs sent and not answered.
        jobs: u8,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    /// The started workers.
    pub struct Pool {
        slots: Vec<Slot>,
        glue: String,
        pub broken: bool,
    }

    /// The glue module's address: the page's module-preload link (Trunk writes it).
    fn glue_url() -> Option<String> {
        let doc = crate::ui::browser::document()?;
        let link = doc
            .query_selector("link[rel=modulepreload][href*=levcalc-web]")
            .ok()??;
        let href = link.get_attribute("href")?;
        let base = doc.url().ok()?;
        web_sys::Url::new_with_base(&href, &base)
            .ok()
            .map(|u| u.href())
    }

    impl Pool {
        /// Starts the workers; `on_reply(worker index, reply)` runs for every answer, and
        /// `on_error(worker index)` when a worker fails to start or run.
        pub fn start(
            on_reply: impl Fn(usize, Reply) + Clone + 'static,
            on_error: impl Fn(usize) + Clone + 'static,
        ) -> Option<Pool> {
            let window = crate::ui::browser::window()?;
            if !window.location().protocol().ok()?.starts_with("http") {
                return None;
            }
            let glue = glue_url()?;
            let script = web_sys::Url::new_with_base("public/mc-worker.js", &glue)
                .ok()?
                .href();
            let cores = window.navigator().hardware_concurrency();
            let n = if cores.is_finite() && cores >= 1.0 {
                (cores as usize).min(MAX_WORKERS)
            } else {
                1
            };
            let opts = WorkerOptions::new();
            opts.set_type(WorkerType::Module);
            let mut slots = Vec::with_capacity(n);
            for i in 0..n {
                let worker = Worker::new_with_options(&script, &opts).ok()?;
                let reply = on_reply.clone();
                let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                    if let Some(r) = read_reply(&e.data()) {
                        reply(i, r);
                    }
                });
                let failed = on_error.clone();
                let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e| failed(i));
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                slots.push(Slot {
                    worker,
                    jobs: 0,
                    _on_message: on_message,
                    _on_error: on_error,
                });
            }
            Some(Pool {
                slots,
                glue,
                broken: false,
            })
        }

        pub fn len(&self) -> usize {
            self.slots.len()
        }

        /// A worker with room for a job (fewest jobs first).
        pub fn idle(&self) -> Option<usize> {
            (0..self.slots.len())
                .filter_map(|i| self.slots.get(i).map(|s| (s.jobs, i)))
                .filter(|(jobs, _)| *jobs < DEPTH)
                .min()
                .map(|(_, i)| i)
        }

        /// Worker `i` answered a job.
        pub fn release(&mut self, i: usize) {
            if let Some(s) = self.slots.get_mut(i) {
                s.jobs = s.jobs.saturating_sub(1);
            }
        }

        /// Sends worker `i` block `block` (paths `first .. first + paths`) of run `generation`.
        /// `false` when it could not be sent (the pool is then broken).
        pub fn send(
            &mut self,
            i: usize,
            generation: u64,
            block: usize,
            first: u64,
            paths: u64,
            config: &[f64],
        ) -> bool {
            let Some(slot) = self.slots.get_mut(i) else {
                return false;
            };
            let msg = js_sys::Array::new();
            msg.push(&JsValue::from_str(&self.glue));
            msg.push(&leptos::wasm_bindgen::module());
            msg.push(&JsValue::from_f64(generation as f64));
            msg.push(&JsValue::from_f64(block as f64));
            msg.push(&JsValue::from_f64(first as f64));
            msg.push(&JsValue::from_f64(paths as f64));
            msg.push(&js_sys::Float64Array::from(config));
            let sent = slot.worker.post_message(&msg).is_ok();
            if sent {
                slot.jobs = slot.jobs.saturating_add(1);
            } else {
                self.broken = true;
            }
            sent
        }

        /// Stops every worker (a broken pool is not used again).
        pub fn stop(&mut self) {
            for s in &self.slots {
                s.worker.terminate();
            }
            self.broken = true;
        }
    }

    fn read_reply(data: &JsValue) -> Option<Reply> {
        let a = data.dyn_ref::<js_sys::Array>()?;
        let generation = a.get(0).as_f64()? as u64;
        let block = a.get(1).as_f64()? as usize;
        let body = a.get(2);
        let r = match body.dyn_ref::<js_sys::Float64Array>() {
            Some(words) => Ok(words.to_vec()),
            None => Err(body
                .as_string()
                .unwrap_or_else(|| "the worker failed".into())),
        };
        Some((generation, block, r))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::Reply;

    /// Natively there are no workers: the runner simulates in slices.
    pub struct Pool {
        pub broken: bool,
    }

    impl Pool {
        pub fn start(
            _on_reply: impl Fn(usize, Reply) + Clone + 'static,
            _on_error: impl Fn(usize) + Clone + 'static,
        ) -> Option<Pool> {
            None
        }
        pub fn len(&self) -> usize {
            0
        }
        pub fn idle(&self) -> Option<usize> {
            None
        }
        pub fn release(&mut self, _i: usize) {}
        pub fn send(
            &mut self,
            _i: usize,
            _generation: u64,
            _block: usize,
            _first: u64,
            _paths: u64,
            _config: &[f64],
        ) -> bool {
            false
        }
        pub fn stop(&mut self) {
            self.broken = true;
        }
    }
}

pub use imp::Pool;
