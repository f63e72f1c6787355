//! The relationship graph, drawn at build time as inline SVG: no script, the same
//! picture for the same input.
//!
//! Organizations sit on a circle in the order given; each product sits outside its
//! maker. Deals are arrows from investor to recipient, labelled with amount and year;
//! `parent` and `maker` links are drawn dashed and dotted. Nodes are links to their
//! pages. The picture is a summary: the page shows the same relations as a table.
//! Its viewBox is cropped to what is drawn, so that scaled to a phone's width (the page's
//! CSS makes it as wide as its box) it loses no room to empty margins.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt::Write as _;

use crate::html::escape;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Organization,
    Product,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub label: String,
    pub href: String,
    pub kind: NodeKind,
}

/// How two nodes are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A deal, from the side that acts (investor, acquirer…) to the other.
    Deal,
    /// A deal that did not happen (abandoned, blocked…): drawn dashed, its label says so.
    FailedDeal,
    /// A subsidiary to its parent.
    Parent,
    /// A product to its maker.
    Maker,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// For deals: "$1 billion, 2019", "acquisition, $40 billion, 2020 — abandoned".
    pub label: Option<String>,
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 560.0;
const FONT: f64 = 13.0;
/// Average advance of a character at `FONT`, for sizing boxes without a font engine.
const CHAR: f64 = 7.4;
/// How far apart two lines between the same two boxes are drawn.
const PARALLEL_GAP: f64 = 6.0;

#[derive(Debug, Clone, Copy)]
struct Placed {
    x: f64,
    y: f64,
    half_w: f64,
    half_h: f64,
}

/// Places the nodes: organizations on a circle, each product outside its maker
/// (`maker_of[i]` for product `i`), products without a maker on the outer ring.
fn layout(nodes: &[Node], maker_of: &BTreeMap<usize, usize>) -> Vec<Placed> {
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let orgs: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].kind == NodeKind::Organization)
        .collect();
    let inner = if orgs.len() <= 1 { 0.0 } else { 165.0 };
    let outer = 255.0;
    let mut angle_of: BTreeMap<usize, f64> = BTreeMap::new();
    for (k, &i) in orgs.iter().enumerate() {
        // Start at the top and go clockwise.
        angle_of.insert(
            i,
            -PI / 2.0 + 2.0 * PI * k as f64 / orgs.len().max(1) as f64,
        );
    }
    let size = |i: usize| {
        let chars = shown_label(&nodes[i].label).chars().count() as f64;
        (chars * CHAR / 2.0 + 10.0, FONT / 2.0 + 8.0)
    };
    let mut placed: Vec<Option<Placed>> = vec![None; nodes.len()];
    for &i in &orgs {
        let a = angle_of[&i];
        let (half_w, half_h) = size(i);
        placed[i] = Some(Placed {
            x: cx + inner * a.cos(),
            y: cy + inner * a.sin(),
            half_w,
            half_h,
        });
    }
    // Products: fanned out around their maker's direction.
    let mut by_maker: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for i in (0..nodes.len()).filter(|&i| nodes[i].kind == NodeKind::Product) {
        by_maker
            .entry(
                maker_of
                    .get(&i)
                    .copied()
                    .filter(|m| angle_of.contains_key(m)),
            )
            .or_default()
            .push(i);
    }
    let spread = 2.0 * PI / orgs.len().max(3) as f64 * 0.8;
    let mut loose_angle = PI / 2.0;
    for (maker, products) in &by_maker {
        let n = products.len() as f64;
        for (k, &p) in products.iter().enumerate() {
            let a = match maker {
                Some(m) => angle_of[m] + spread * ((k as f64 + 0.5) / n - 0.5),
                None => {
                    loose_angle += 0.45;
                    loose_angle
                }
            };
            // Alternate two rings so neighbouring labels do not collide.
            let r = if k % 2 == 0 { outer } else { outer - 48.0 };
            let (half_w, half_h) = size(p);
            placed[p] = Some(Placed {
                x: cx + r * a.cos(),
                y: cy + r * a.sin(),
                half_w,
                half_h,
            });
        }
    }
    let mut placed: Vec<Placed> = placed
        .into_iter()
        .map(|p| {
            p.unwrap_or(Placed {
                x: cx,
                y: cy,
                half_w: 20.0,
                half_h: 14.0,
            })
        })
        .collect();
    let movable: Vec<bool> = nodes.iter().map(|n| n.kind == NodeKind::Product).collect();
    separate(&mut placed, &movable);
    placed
}

/// Pushes overlapping boxes apart, a little at a time, products before organizations,
/// and keeps every box inside the picture. Deterministic: a fixed number of rounds over
/// the pairs in index order.
fn separate(placed: &mut [Placed], movable: &[bool]) {
    const GAP: f64 = 8.0;
    // Beyond this many nodes the picture is a crowd whatever we do; skip the quadratic work.
    let rounds = if placed.len() > 150 { 0 } else { 400 };
    for _ in 0..rounds {
        let mut moved = false;
        for i in 0..placed.len() {
            for j in (i + 1)..placed.len() {
                let (a, b) = (placed[i], placed[j]);
                let overlap_x = a.half_w + b.half_w + GAP - (a.x - b.x).abs();
                let overlap_y = a.half_h + b.half_h + GAP - (a.y - b.y).abs();
                if overlap_x <= 0.0 || overlap_y <= 0.0 {
                    continue;
                }
                moved = true;
                // Move along the line between the centres (so a box held by the edge
                // of the picture still slides sideways), by half the smaller overlap.
                let (vx, vy) = (b.x - a.x, b.y - a.y);
                let length = (vx * vx + vy * vy).sqrt().max(1e-6);
                let push = overlap_x.min(overlap_y).max(1.0) / 2.0;
                let (dx, dy) = if length < 1e-3 {
                    (push, 0.0)
                } else {
                    (vx / length * push, vy / length * push)
                };
                let (share_a, share_b) = match (movable[i], movable[j]) {
                    (true, false) => (2.0, 0.0),
                    (false, true) => (0.0, 2.0),
                    _ => (1.0, 1.0),
                };
                placed[i].x -= dx * share_a;
                placed[i].y -= dy * share_a;
                placed[j].x += dx * share_b;
                placed[j].y += dy * share_b;
            }
        }
        for p in placed.iter_mut() {
            // `max` then `min`, not `clamp`: a box wider than the picture is centred
            // rather than a panic.
            p.x = p.x.max(p.half_w + 2.0).min(WIDTH - p.half_w - 2.0);
            p.y = p.y.max(p.half_h + 2.0).min(HEIGHT - p.half_h - 2.0);
        }
        if !moved {
            break;
        }
    }
}

/// Labels longer than this are cut with "…" in the picture (the link keeps the full
/// name as its accessible name).
const MAX_LABEL: usize = 32;

fn shown_label(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX_LABEL - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Where the segment from the centre of `a` towards `b` leaves `a`'s box.
fn border_point(a: Placed, b: Placed) -> (f64, f64) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    if dx == 0.0 && dy == 0.0 {
        return (a.x, a.y);
    }
    let tx = if dx == 0.0 {
        f64::INFINITY
    } else {
        a.half_w / dx.abs()
    };
    let ty = if dy == 0.0 {
        f64::INFINITY
    } else {
        a.half_h / dy.abs()
    };
    let t = tx.min(ty);
    (a.x + dx * t, a.y + dy * t)
}

/// The SVG of the graph. `id` makes its element ids unique on the page; `title` is its
/// accessible name.
pub fn svg(nodes: &[Node], edges: &[Edge], id: &str, title: &str) -> String {
    let maker_of: BTreeMap<usize, usize> = edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Maker)
        .map(|e| (e.from, e.to))
        .collect();
    let at = layout(nodes, &maker_of);
    // What is drawn, to crop the picture to it (so that it reads as large as it can
    // where it is scaled down to a phone's width).
    let mut bounds = Bounds::default();
    for p in &at {
        bounds.add(
            p.x - p.half_w,
            p.y - p.half_h,
            p.x + p.half_w,
            p.y + p.half_h,
        );
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">\
         <path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"graph-arrow\"/></marker>\
         <marker id=\"{id}-arrow-failed\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">\
         <path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"graph-arrow graph-arrow-failed\"/></marker></defs>"
    );
    // Deals between the same two parties share one arrow with one label per deal.
    let mut merged: BTreeMap<(usize, usize, EdgeKind), Vec<&str>> = BTreeMap::new();
    for e in edges {
        let labels = merged.entry((e.from, e.to, e.kind)).or_default();
        if let Some(label) = &e.label {
            labels.push(label);
        }
    }
    // Lines between the same two boxes (a deal that happened and one that did not, or
    // deals both ways) are drawn side by side, and their labels in one block: drawn
    // apart, they would lie on each other.
    let pair = |from: usize, to: usize| (from.min(to), from.max(to));
    let mut lines: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &(from, to, _) in merged.keys() {
        *lines.entry(pair(from, to)).or_default() += 1;
    }
    let mut drawn: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut blocks: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    out.push_str("<g class=\"graph-edges\">");
    for ((from, to, kind), labels) in &merged {
        let (a, b) = (at[*from], at[*to]);
        let (mut x1, mut y1) = border_point(a, b);
        let (mut x2, mut y2) = border_point(b, a);
        let both = pair(*from, *to);
        let k = drawn.entry(both).or_default();
        let shift = (*k as f64 - (lines[&both] as f64 - 1.0) / 2.0) * PARALLEL_GAP;
        *k += 1;
        // The normal of the line from the pair's first box to its second, so that
        // lines both ways shift apart, not onto each other.
        let (p, q) = (at[both.0], at[both.1]);
        let length = (q.x - p.x).hypot(q.y - p.y);
        if shift != 0.0 && length > 0.0 {
            let (nx, ny) = (-(q.y - p.y) / length, (q.x - p.x) / length);
            (x1, y1, x2, y2) = (
                x1 + nx * shift,
                y1 + ny * shift,
                x2 + nx * shift,
                y2 + ny * shift,
            );
        }
        let class = match kind {
            EdgeKind::Deal => "edge edge-deal",
            EdgeKind::FailedDeal => "edge edge-deal edge-failed",
            EdgeKind::Parent => "edge edge-parent",
            EdgeKind::Maker => "edge edge-maker",
        };
        let marker = match kind {
            EdgeKind::Deal => format!(" marker-end=\"url(#{id}-arrow)\""),
            EdgeKind::FailedDeal => format!(" marker-end=\"url(#{id}-arrow-failed)\""),
            EdgeKind::Parent | EdgeKind::Maker => String::new(),
        };
        let _ = write!(
            out,
            "<line class=\"{class}\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"{marker}/>"
        );
        blocks
            .entry(both)
            .or_default()
            .extend(labels.iter().copied());
    }
    for ((from, to), labels) in &blocks {
        if labels.is_empty() {
            continue;
        }
        let (a, b) = (at[*from], at[*to]);
        let (x1, y1) = border_point(a, b);
        let (x2, y2) = border_point(b, a);
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let top = my - (labels.len() as f64 - 1.0) * 7.5;
        let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let half = widest as f64 * LABEL_CHAR / 2.0 + 3.0;
        bounds.add(
            mx - half,
            top - 13.0,
            mx + half,
            top + 15.0 * (labels.len() as f64 - 1.0) + 5.0,
        );
        let _ = write!(
            out,
            "<text class=\"edge-label\" x=\"{mx:.1}\" y=\"{top:.1}\">"
        );
        for (k, label) in labels.iter().enumerate() {
            let dy = if k == 0 { 0.0 } else { 15.0 };
            let _ = write!(
                out,
                "<tspan x=\"{mx:.1}\" dy=\"{dy}\">{}</tspan>",
                escape(label)
            );
        }
        out.push_str("</text>");
    }
    out.push_str("</g><g class=\"graph-nodes\">");
    for (node, p) in nodes.iter().zip(&at) {
        let class = match node.kind {
            NodeKind::Organization => "node node-organization",
            NodeKind::Product => "node node-product",
        };
        let shown = shown_label(&node.label);
        let name = if shown == node.label {
            String::new()
        } else {
            format!(" aria-label=\"{}\"", escape(&node.label))
        };
        let _ = write!(
            out,
            "<a href=\"{}\" class=\"{class}\"{name}><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text></a>",
            escape(&node.href),
            p.x - p.half_w,
            p.y - p.half_h,
            2.0 * p.half_w,
            2.0 * p.half_h,
            p.x,
            p.y + FONT * 0.35,
            escape(&shown)
        );
    }
    out.push_str("</g></svg>");
    let (x, y, w, h) = bounds.view_box();
    format!(
        "<svg class=\"graph\" viewBox=\"{x:.0} {y:.0} {w:.0} {h:.0}\" xmlns=\"http://www.w3.org/2000/svg\" \
         aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>{out}",
        escape(title)
    )
}

/// Average advance of a character of an edge label (12 px, semibold).
const LABEL_CHAR: f64 = 7.2;
/// The margin kept around what is drawn.
const MARGIN: f64 = 12.0;

/// The smallest box holding what is drawn; the whole picture when nothing is.
#[derive(Debug, Default)]
struct Bounds(Option<(f64, f64, f64, f64)>);

impl Bounds {
    fn add(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        self.0 = Some(match self.0 {
            None => (x0, y0, x1, y1),
            Some((a, b, c, d)) => (a.min(x0), b.min(y0), c.max(x1), d.max(y1)),
        });
    }

    /// `x y width height` of the viewBox: what is drawn and a margin, whole pixels.
    fn view_box(&self) -> (f64, f64, f64, f64) {
        match self.0 {
            None => (0.0, 0.0, WIDTH, HEIGHT),
            Some((x0, y0, x1, y1)) => {
                let (x0, y0) = ((x0 - MARGIN).floor(), (y0 - MARGIN).floor());
                let (x1, y1) = ((x1 + MARGIN).ceil(), (y1 + MARGIN).ceil());
                (x0, y0, x1 - x0, y1 - y0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, kind: NodeKind) -> Node {
        Node {
            label: label.into(),
            href: format!("../{}/", label.to_lowercase()),
            kind,
        }
    }

    #[test]
    fn the_same_input_draws_the_same_picture() {
        let nodes = vec![
            node("Microsoft", NodeKind::Organization),
            node("OpenAI", NodeKind::Organization),
            node("ChatGPT", NodeKind::Product),
        ];
        let edges = vec![
            Edge {
                from: 0,
                to: 1,
                kind: EdgeKind::Deal,
                label: Some("$1 billion, 2019".into()),
            },
            Edge {
                from: 0,
                to: 1,
                kind: EdgeKind::Deal,
                label: Some("undisclosed, 2021".into()),
            },
            Edge {
                from: 2,
                to: 1,
                kind: EdgeKind::Maker,
                label: None,
            },
        ];
        let a = svg(&nodes, &edges, "g", "Who paid whom");
        assert_eq!(a, svg(&nodes, &edges, "g", "Who paid whom"));
        assert_eq!(
            a.matches("<line class=\"edge edge-deal\"").count(),
            1,
            "two deals, one arrow: {a}"
        );
        assert!(
            a.contains(">$1 billion, 2019</tspan>") && a.contains(">undisclosed, 2021</tspan>"),
            "{a}"
        );
        assert!(
            a.contains("<a href=\"../chatgpt/\" class=\"node node-product\">"),
            "{a}"
        );
        assert!(
            a.contains("<title id=\"g-title\">Who paid whom</title>"),
            "{a}"
        );
    }

    #[test]
    fn a_deal_that_happened_and_one_that_did_not_lie_side_by_side() {
        let nodes = vec![
            node("Nvidia", NodeKind::Organization),
            node("Arm", NodeKind::Organization),
        ];
        let edge = |from, to, kind, label: &str| Edge {
            from,
            to,
            kind,
            label: Some(label.into()),
        };
        let edges = vec![
            edge(0, 1, EdgeKind::Deal, "licensing, 2022"),
            edge(0, 1, EdgeKind::FailedDeal, "acquisition, 2020 — terminated"),
            edge(1, 0, EdgeKind::Deal, "commercial, 2023"),
        ];
        let out = svg(&nodes, &edges, "g", "G");
        let lines: Vec<&str> = out
            .split("<line ")
            .skip(1)
            .map(|l| l.split("/>").next().unwrap())
            .map(|l| l.split_once("x1=").unwrap().1)
            .collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(
            lines[0] != lines[1] && lines[1] != lines[2] && lines[0] != lines[2],
            "three lines in three places: {lines:#?}"
        );
        assert_eq!(
            out.matches("<text class=\"edge-label\"").count(),
            1,
            "one block of labels, not three on top of each other: {out}"
        );
        for label in [
            "licensing, 2022",
            "acquisition, 2020 — terminated",
            "commercial, 2023",
        ] {
            assert!(out.contains(label), "{label}: {out}");
        }
    }

    #[test]
    fn the_picture_is_cropped_to_what_is_drawn() {
        let nodes = vec![
            node("Microsoft", NodeKind::Organization),
            node("OpenAI", NodeKind::Organization),
        ];
        let edges = vec![Edge {
            from: 0,
            to: 1,
            kind: EdgeKind::Deal,
            label: Some("$1 billion, 2019".into()),
        }];
        let out = svg(&nodes, &edges, "g", "t");
        let view: Vec<f64> = out
            .split("viewBox=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        let at = layout(&nodes, &BTreeMap::new());
        for p in at {
            assert!(
                p.x - p.half_w >= view[0] && p.x + p.half_w <= view[0] + view[2],
                "{p:?} {view:?}"
            );
            assert!(
                p.y - p.half_h >= view[1] && p.y + p.half_h <= view[1] + view[3],
                "{p:?} {view:?}"
            );
        }
        assert!(view[2] < WIDTH && view[3] < HEIGHT, "{view:?}");
        assert_eq!(
            svg(&[], &[], "g", "t")
                .split("viewBox=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next(),
            Some("0 0 760 560")
        );
    }

    #[test]
    fn a_very_long_name_is_cut_not_a_panic() {
        let nodes = vec![node(
            &"Very long company name ".repeat(8),
            NodeKind::Organization,
        )];
        let out = svg(&nodes, &[], "g", "t");
        assert!(out.contains("…</text>"), "{out}");
        assert!(out.contains("aria-label=\"Very long company name"), "{out}");
    }

    #[test]
    fn boxes_do_not_overlap() {
        let mut nodes = vec![
            node("Microsoft", NodeKind::Organization),
            node("OpenAI", NodeKind::Organization),
        ];
        let mut maker_of = BTreeMap::new();
        for i in 0..6 {
            nodes.push(node(&format!("Product number {i}"), NodeKind::Product));
            maker_of.insert(nodes.len() - 1, 0);
        }
        let at = layout(&nodes, &maker_of);
        for i in 0..at.len() {
            for j in (i + 1)..at.len() {
                let (a, b) = (at[i], at[j]);
                let apart = (a.x - b.x).abs() >= a.half_w + b.half_w
                    || (a.y - b.y).abs() >= a.half_h + b.half_h;
                assert!(
                    apart,
                    "{} and {} overlap: {a:?} {b:?}",
                    nodes[i].label, nodes[j].label
                );
            }
        }
    }

    #[test]
    fn boxes_stay_inside_the_picture() {
        let nodes: Vec<Node> = (0..12)
            .map(|i| {
                node(
                    &format!("A rather long organization name {i}"),
                    NodeKind::Organization,
                )
            })
            .collect();
        let at = layout(&nodes, &BTreeMap::new());
        for p in at {
            assert!(p.x - p.half_w >= 0.0 && p.x + p.half_w <= WIDTH, "{p:?}");
            assert!(p.y - p.half_h >= 0.0 && p.y + p.half_h <= HEIGHT, "{p:?}");
        }
    }
}
