//! The results panel: every figure as text, with the exact decimal in `data-value`.

use super::figures::{self, Figure, Shown, STATS};
use super::Ctx;
use leptos::prelude::*;

#[component]
pub fn Results(ctx: Ctx) -> impl IntoView {
    // Recomputed exactly when the evaluation is: no equality check needed.
    let shown = Memo::new_with_compare(
        move |_| {
            let venue = ctx
                .scenario
                .with(|s| s.as_ref().map(|s| s.venue).unwrap_or_default());
            ctx.eval
                .with(|e| e.as_ref().ok().map(|e| Shown::new(e, venue)))
        },
        |_, _| true,
    );
    let units = ctx.units;
    // A memo, not a derived signal: a stat reads its figure five times (text, exact value,
    // sign, detail and whether there is one), and a derived signal would write it each time.
    let fig = move |f: fn(&Shown, &super::units::Units) -> Figure| {
        Signal::from(Memo::new(move |_| {
            shown.with(|s| match s {
                Some(s) => units.with(|u| f(s, u)),
                None => Figure::na(),
            })
        }))
    };
    let stats = STATS.iter().map(move |s| (s, fig(s.figure)));
    let stat_view = |(s, fig): (&'static figures::FigureFn, Signal<Figure>)| {
        view! { <Stat testid=s.testid label=s.label fig=fig big=s.big /> }
    };

    // While the venue's data file is being fetched the figures are the built-in table's:
    // marked pending (`data-pending`, `aria-busy`) and said so.
    let tables = ctx.tables;
    let pending = Memo::new(move |_| {
        let venue = ctx.form.with(|f| f.venue);
        tables.is_pending(venue)
    });
    let busy = move || pending.get().then_some("true");
    view! {
        <section
            class="card results"
            id="results"
            aria-labelledby="results-title"
            tabindex="-1"
            data-pending=busy
            aria-busy=busy
        >
            <h2 id="results-title">"Results"</h2>
            {move || {
                pending
                    .get()
                    .then(|| {
                        view! {
                            <p class="note table-pending" data-testid="table-pending" role="status">
                                "Loading the venue's current table: until it is in, these figures use the built-in one."
                            </p>
                        }
                    })
            }}
            {move || {
                tables
                    .error
                    .get()
                    .map(|e| view! { <p class="note table-error" data-testid="table-error">{e}</p> })
            }}
            <CalcError ctx=ctx />
            <dl class="hero">{stats.clone().filter(|(s, _)| s.big).map(stat_view).collect_view()}</dl>
            <dl class="stats">{stats.filter(|(s, _)| !s.big).map(stat_view).collect_view()}</dl>
            <RiskLine ctx=ctx />
            <Warnings ctx=ctx />
        </section>
    }
}

/// One labelled figure.
#[component]
fn Stat(
    /// `data-testid` of the value.
    testid: &'static str,
    label: &'static str,
    fig: Signal<Figure>,
    /// Shown large (the headline figures).
    #[prop(optional)]
    big: bool,
) -> impl IntoView {
    let sign = move || fig.with(Figure::sign);
    view! {
        <div class="stat" class:big=big>
            <dt>{label}</dt>
            <dd>
                <span
                    class=move || format!("value {}", sign())
                    data-testid=testid
                    data-value=move || fig.with(|f| f.exact.clone())
                >
                    {move || fig.with(|f| f.text.clone())}
                </span>
                // Kept in place; only its text changes (hidden while there is none).
                <span class="detail" hidden=move || fig.with(|f| f.detail.is_none())>
                    {move || fig.with(|f| f.detail.clone().unwrap_or_default())}
                </span>
            </dd>
        </div>
    }
}

/// Risk-sized trades: the budget and the quantity it buys.
#[component]
fn RiskLine(ctx: Ctx) -> impl IntoView {
    let units = ctx.units;
    move || {
        ctx.eval.with(|e| {
            let e = e.as_ref().ok()?;
            let text = units.with(|u| figures::risk_line(e, u))?;
            Some(view! {
                <p class="note" data-testid="result-quantity" data-value=e.report.quantity.normalize().to_string()>
                    {text}
                </p>
            })
        })
    }
}

/// Every warning of the report.
#[component]
fn Warnings(ctx: Ctx) -> impl IntoView {
    let warnings = Memo::new(move |_| {
        ctx.eval.with(|e| {
            e.as_ref()
                .map(|e| ctx.units.with(|u| figures::warnings(e, u)))
                .unwrap_or_default()
        })
    });
    move || {
        let list = warnings.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="warnings" data-testid="warnings">
                    {list
                        .into_iter()
                        .map(|(code, msg)| view! { <li data-code=code>{msg}</li> })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// An error that no single input is to blame for (`calc-error`), or a pointer to the input
/// that is (its message is shown under it).
#[component]
fn CalcError(ctx: Ctx) -> impl IntoView {
    move || {
        ctx.eval.with(|e| {
            let err = e.as_ref().err()?;
            let whole = ctx.field_error.with(Option::is_none);
            let prefix = (!whole).then_some("Fix the highlighted input to see the figures: ");
            Some(view! {
                <p
                    class=if whole { "calc-error" } else { "status" }
                    role=whole.then_some("alert")
                    data-testid=whole.then_some("calc-error")
                >
                    {prefix}
                    {super::message(err)}
                </p>
            })
        })
    }
}

/// Narrow screens: the headline figure stays in view at the bottom while the form is edited
/// (at the top, `top`, in an embed, where it is also the first thing in the frame).
#[component]
pub fn SummaryBar(ctx: Ctx, #[prop(optional)] top: bool) -> impl IntoView {
    let text = move || {
        ctx.eval
            .with(|e| ctx.units.with(|u| figures::summary(e.as_ref().ok(), u)))
    };
    view! {
        <aside class="summary-bar" class:top=top aria-label="Summary" data-testid=top.then_some("summary-top")>
            <span>{text}</span>
            {(!top).then(|| view! { <a href="#results">"Results"</a> })}
        </aside>
    }
}
