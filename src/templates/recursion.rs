//! Templates that never stop: one that includes, extends or imports itself (directly or
//! through others), and a macro that calls itself without end. Tera recurses on
//! them until the stack overflows, which aborts the process (and `serve` with it); a
//! stack overflow cannot be caught in Rust, so it must not happen.
//!
//! Two defences. Before rendering, [`check`] walks the parsed templates: a cycle of
//! includes and extends, or of imports and extends, always recurses, and is reported at
//! the tag that closes it; so is a macro that calls itself outside any `if` or `for`
//! (directly or through other macros), which can never stop. A macro that calls itself
//! under a condition may be a correct recursive macro (a tree of nested lists), and
//! whether it stops depends on the data; so [`guard`] puts a check at the start of
//! every macro that fails the render, as a template error, when the thread's stack is
//! nearly used up.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::ops::Range;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Template, Tera};

use crate::diagnostics::{Diagnostic, FileId, LineIndex};

/// A template's text and, for the dossier's own, its file.
pub type Sources<'a> = BTreeMap<&'a str, (&'a str, Option<FileId>)>;

/// The stack a macro call must leave free. One level of macro recursion in Tera
/// takes a few kilobytes (tens in a debug build, through `for` and `if` bodies); a
/// check every level with this much left stops well before the guard page.
const STACK_RESERVE: usize = 256 * 1024;

/// The prefix of the guard functions' names, which users never see.
const GUARD_PREFIX: &str = "__dossier_recursion_guard_";

/// Reports the cycles of `templates` (parsed, by name) that rendering would never
/// leave.
pub fn check(
    templates: &HashMap<String, Template>,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut names: Vec<&str> = templates.keys().map(String::as_str).collect();
    names.sort_unstable();
    // Rendering follows includes and parents; loading macros follows imports and
    // parents. A cycle in either never ends.
    let renders = |t: &Template| {
        let mut next = Vec::new();
        if let Some(parent) = &t.parent {
            next.push((parent.clone(), Verb::Extends));
        }
        includes(&t.ast, templates, &mut next);
        next
    };
    let imports = |t: &Template| {
        let mut next: Vec<(String, Verb)> = t
            .imported_macro_files
            .iter()
            .map(|(file, _)| (file.clone(), Verb::Imports))
            .collect();
        if let Some(parent) = &t.parent {
            next.push((parent.clone(), Verb::Extends));
        }
        next
    };
    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for edges in [
        &renders as &dyn Fn(&Template) -> Vec<(String, Verb)>,
        &imports,
    ] {
        let graph: Vec<Vec<(usize, Verb)>> = names
            .iter()
            .map(|name| {
                edges(&templates[*name])
                    .into_iter()
                    .filter_map(|(to, verb)| Some((names.binary_search(&to.as_str()).ok()?, verb)))
                    .collect()
            })
            .collect();
        for cycle in cycles(&graph) {
            let mut members: Vec<&str> = cycle.iter().map(|(n, _)| names[*n]).collect();
            members.sort_unstable();
            if reported.insert(members) {
                diagnostics.push(template_cycle(&cycle, &names, sources));
            }
        }
    }
    macro_cycles(templates, &names, sources, diagnostics);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Includes,
    Extends,
    Imports,
}

impl Verb {
    fn word(self) -> &'static str {
        match self {
            Verb::Includes => "includes",
            Verb::Extends => "extends",
            Verb::Imports => "imports",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Verb::Includes => "include",
            Verb::Extends => "extends",
            Verb::Imports => "import",
        }
    }
}

/// The templates `nodes` include when rendered (not those inside macros, which are
/// included only when a macro runs: the guard covers those).
fn includes(nodes: &[Node], templates: &HashMap<String, Template>, out: &mut Vec<(String, Verb)>) {
    for node in nodes {
        match node {
            // Tera includes the first of the names that exists.
            Node::Include(_, names, _) => {
                if let Some(name) = names.iter().find(|n| templates.contains_key(*n)) {
                    out.push((name.clone(), Verb::Includes));
                }
            }
            Node::Block(_, block, _) => includes(&block.body, templates, out),
            Node::FilterSection(_, section, _) => includes(&section.body, templates, out),
            Node::Forloop(_, forloop, _) => {
                includes(&forloop.body, templates, out);
                includes(
                    forloop.empty_body.as_deref().unwrap_or_default(),
                    templates,
                    out,
                );
            }
            Node::If(branches, _) => {
                for (_, _, body) in &branches.conditions {
                    includes(body, templates, out);
                }
                if let Some((_, body)) = &branches.otherwise {
                    includes(body, templates, out);
                }
            }
            _ => {}
        }
    }
}

/// The shortest cycle through each node that has one, as (node, edge to the next)
/// steps; each cycle once, starting at its smallest node.
fn cycles<V: Copy>(graph: &[Vec<(usize, V)>]) -> Vec<Vec<(usize, V)>> {
    let mut found: Vec<Vec<(usize, V)>> = Vec::new();
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    for start in 0..graph.len() {
        // Breadth first from `start`, back to it.
        let mut came_from: HashMap<usize, (usize, V)> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        let mut closing = None;
        'search: while let Some(node) = queue.pop_front() {
            for &(next, verb) in &graph[node] {
                if next == start {
                    closing = Some((node, verb));
                    break 'search;
                }
                if let std::collections::hash_map::Entry::Vacant(e) = came_from.entry(next) {
                    e.insert((node, verb));
                    queue.push_back(next);
                }
            }
        }
        let Some((mut node, verb)) = closing else {
            continue;
        };
        let mut cycle = vec![(node, verb)];
        while node != start {
            let (previous, verb) = came_from[&node];
            cycle.push((previous, verb));
            node = previous;
        }
        cycle.reverse();
        let mut key: Vec<usize> = cycle.iter().map(|(n, _)| *n).collect();
        key.sort_unstable();
        if seen.insert(key) {
            found.push(cycle);
        }
    }
    found
}

/// The diagnostic of a cycle of templates, at the first of the dossier's own
/// templates in it (a built-in template never closes a cycle by itself).
fn template_cycle(cycle: &[(usize, Verb)], names: &[&str], sources: &Sources) -> Diagnostic {
    let at = cycle
        .iter()
        .position(|(n, _)| sources.get(names[*n]).is_some_and(|(_, f)| f.is_some()))
        .unwrap_or(0);
    let (node, verb) = cycle[at];
    let name = names[node];
    let next = names[cycle[(at + 1) % cycle.len()].0];
    let mut path = format!("`{name}`");
    for i in 0..cycle.len() {
        let (_, v) = cycle[(at + i) % cycle.len()];
        let to = names[cycle[(at + i + 1) % cycle.len()].0];
        let which = if i == 0 { "" } else { ", which" };
        path.push_str(&format!("{which} {} `{to}`", v.word()));
    }
    let tag = format!("`{{% {} \"{next}\" %}}`", verb.tag());
    let (message, help) = if cycle.len() == 1 {
        (
            format!("template `{name}` {} itself", verb.word()),
            format!(
                "remove the {tag}: a template that {} itself never finishes",
                verb.word()
            ),
        )
    } else {
        (
            format!(
                "template `{name}` {} itself through other templates",
                verb.word()
            ),
            format!("remove a step of the cycle, such as the {tag}: rendering it would never end"),
        )
    };
    let diagnostic = match sources.get(name) {
        Some((text, Some(file))) => {
            let span = tag_span(text, verb.tag(), next).unwrap_or(0..0);
            Diagnostic::new(*file, span, message)
        }
        _ => Diagnostic::global(message),
    };
    let diagnostic = if cycle.len() > 1 {
        diagnostic.with_note(path)
    } else {
        diagnostic
    };
    diagnostic.with_help(help)
}

/// Where `{% keyword "target" %}` names `target` in `text`.
fn tag_span(text: &str, keyword: &str, target: &str) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| from + i) {
        let close = text[open..].find("%}").map_or(text.len(), |i| open + i);
        let inner = &text[open + 2..close];
        let words = inner.trim_start_matches('-').trim_start();
        if words.starts_with(keyword) {
            for quote in ['"', '\'', '`'] {
                let quoted = format!("{quote}{target}{quote}");
                if let Some(i) = inner.find(&quoted) {
                    let start = open + 2 + i + 1;
                    return Some(start..start + target.len());
                }
            }
        }
        from = close.min(text.len().saturating_sub(1)).max(open + 2);
    }
    None
}

/// A macro: its template and name.
type MacroId<'a> = (&'a str, &'a str);

/// Reports macros that call themselves, directly or through others, with no `if` or
/// `for` on the way: those never return.
fn macro_cycles(
    templates: &HashMap<String, Template>,
    names: &[&str],
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut ids: Vec<MacroId> = Vec::new();
    for name in names {
        let mut macros: Vec<&str> = templates[*name].macros.keys().map(String::as_str).collect();
        macros.sort_unstable();
        ids.extend(macros.into_iter().map(|m| (*name, m)));
    }
    let graph: Vec<Vec<(usize, usize)>> = ids
        .iter()
        .map(|(tpl, name)| {
            let template = &templates[*tpl];
            let mut calls = Vec::new();
            unconditional_calls(&template.macros[*name].body, &mut calls);
            calls
                .into_iter()
                .filter_map(|(namespace, callee)| {
                    let file = if namespace == "self" {
                        *tpl
                    } else {
                        template
                            .imported_macro_files
                            .iter()
                            .find(|(_, ns)| ns == namespace)?
                            .0
                            .as_str()
                    };
                    let to = ids.iter().position(|id| *id == (file, callee))?;
                    // The edge's value: which call, to find it in the text.
                    Some((to, to))
                })
                .collect()
        })
        .collect();
    for cycle in cycles(&graph) {
        let at = cycle
            .iter()
            .position(|(n, _)| sources.get(ids[*n].0).is_some_and(|(_, f)| f.is_some()))
            .unwrap_or(0);
        let (tpl, name) = ids[cycle[at].0];
        let callee = ids[cycle[at].1];
        let namespace = if callee.0 == tpl {
            "self".to_owned()
        } else {
            templates[tpl]
                .imported_macro_files
                .iter()
                .find(|(file, _)| file == callee.0)
                .map_or_else(String::new, |(_, ns)| ns.clone())
        };
        let message = if cycle.len() == 1 {
            format!("macro `{name}` of `{tpl}` calls itself every time it runs")
        } else {
            format!(
                "macro `{name}` of `{tpl}` calls itself, through `{}`, every time it runs",
                callee.1
            )
        };
        let help = "a recursive macro must stop: call it inside an `{% if %}` (or a `{% for %}` over fewer items each time), or remove the call";
        let diagnostic = match sources.get(tpl) {
            Some((text, Some(file))) => {
                let span = call_span(text, name, &namespace, callee.1).unwrap_or(0..0);
                Diagnostic::new(*file, span, message)
            }
            _ => Diagnostic::global(message),
        };
        diagnostics.push(diagnostic.with_help(help));
    }
}

/// The macro calls in `nodes` that run whenever `nodes` do, as (namespace, name).
fn unconditional_calls<'a>(nodes: &'a [Node], out: &mut Vec<(&'a str, &'a str)>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => expr_calls(expr, out),
            Node::Set(_, set) => expr_calls(&set.value, out),
            Node::FilterSection(_, section, _) => unconditional_calls(&section.body, out),
            Node::Block(_, block, _) => unconditional_calls(&block.body, out),
            _ => {}
        }
    }
}

/// The macro calls an expression always makes: not those behind `and`/`or` or a
/// test, which may not be evaluated.
fn expr_calls<'a>(expr: &'a Expr, out: &mut Vec<(&'a str, &'a str)>) {
    match &expr.val {
        ExprVal::MacroCall(call) => {
            out.push((call.namespace.as_str(), call.name.as_str()));
            call.args.values().for_each(|a| expr_calls(a, out));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|a| expr_calls(a, out)),
        ExprVal::Math(math) => {
            expr_calls(&math.lhs, out);
            expr_calls(&math.rhs, out);
        }
        ExprVal::Array(items) => items.iter().for_each(|a| expr_calls(a, out)),
        ExprVal::StringConcat(concat) => {
            for value in &concat.values {
                if let ExprVal::MacroCall(call) = value {
                    out.push((call.namespace.as_str(), call.name.as_str()));
                }
            }
        }
        _ => {}
    }
}

/// Where, in `text`, the macro `name` calls `namespace::callee`.
fn call_span(text: &str, name: &str, namespace: &str, callee: &str) -> Option<Range<usize>> {
    let definition = macro_start(text, name)?;
    let end = text[definition..]
        .find("endmacro")
        .map_or(text.len(), |i| definition + i);
    let call = format!("{namespace}::{callee}");
    let mut from = definition;
    while let Some(i) = text[from..end].find(&call) {
        let start = from + i;
        let after = text[start + call.len()..].trim_start();
        if after.starts_with('(') {
            return Some(start..start + call.len());
        }
        from = start + call.len();
    }
    None
}

/// Where `{% macro name(` starts in `text`.
fn macro_start(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| from + i) {
        let words = text[open + 2..].trim_start_matches('-').trim_start();
        if let Some(rest) = words.strip_prefix("macro")
            && let Some(rest) = rest.trim_start().strip_prefix(name)
            && rest.trim_start().starts_with('(')
        {
            return Some(open);
        }
        from = open + 2;
    }
    None
}

/// Puts a stack check at the start of every macro, so that a macro recursing without
/// end fails its page with a template error instead of overflowing the stack.
pub fn guard(tera: &mut Tera, sources: &Sources) {
    let mut macros: Vec<(String, String)> = tera
        .templates
        .values()
        .flat_map(|t| t.macros.keys().map(|m| (t.name.clone(), m.clone())))
        .collect();
    macros.sort_unstable();
    for (i, (tpl, name)) in macros.into_iter().enumerate() {
        let function = format!("{GUARD_PREFIX}{i}");
        // `'name'` in quotes: how `failing_template` finds the template at fault.
        let line = match sources.get(tpl.as_str()) {
            Some((text, Some(_))) => macro_start(text, &name)
                .map(|offset| format!(" (line {})", LineIndex::new(text).line_col(text, offset).0))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let message = format!(
            "macro `{name}` of '{tpl}'{line} went on calling itself until the stack ran out; \
             a recursive macro must stop, inside an `{{% if %}}` that ends it"
        );
        tera.register_function(&function, move |_: &HashMap<String, tera::Value>| {
            if stacker::remaining_stack().is_some_and(|left| left < STACK_RESERVE) {
                Err(tera::Error::msg(message.clone()))
            } else {
                Ok(tera::Value::String(String::new()))
            }
        });
        if let Some(definition) = tera
            .templates
            .get_mut(&tpl)
            .and_then(|t| t.macros.get_mut(&name))
        {
            let call = Expr::new(ExprVal::FunctionCall(FunctionCall {
                name: function,
                args: HashMap::new(),
            }));
            definition
                .body
                .insert(0, Node::VariableBlock(WS::default(), call));
        }
    }
}

/// Whether a cause in a Tera error chain is the wrapper of a guard's error, which
/// names a function users never wrote.
pub fn is_guard_wrapper(cause: &str) -> bool {
    cause.starts_with("Function call '") && cause.contains(GUARD_PREFIX)
}
