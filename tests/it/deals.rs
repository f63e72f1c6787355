//! Deals as they really happen, on a second story: the fixture `tests/fixtures/arm`
//! (SoftBank's purchase of Arm in 2016, completed, in pounds; Nvidia's bid for Arm in
//! 2020, terminated in 2022, a range in dollars; Nvidia's Arm license, undisclosed).
//! What a reader sees: the deal table, the graph, the timeline, the home page's key
//! figures, and the data files.

use std::sync::OnceLock;

use dossier::Site;

use crate::fixture;

fn arm() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| fixture("arm"))
}

fn page(path: &str) -> &'static str {
    arm()
        .page(path)
        .unwrap_or_else(|| panic!("`{path}` was not written"))
}

/// The row of the deal table (`deals/index.html`) of `deal`.
fn deal_row(deal: &str) -> &'static str {
    let html = page("deals/index.html");
    let marker = format!("<a href=\"../deals/{deal}/\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no row for {deal}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    &html[start..end]
}

/// The cell of `row` whose `data-label` is `label`.
fn cell<'a>(row: &'a str, label: &str) -> &'a str {
    let marker = format!("data-label=\"{label}\"");
    let at = row
        .find(&marker)
        .unwrap_or_else(|| panic!("no {label} cell in {row}"));
    let start = row[..at].rfind('<').unwrap();
    let rest = &row[at..];
    let end = at
        + [rest.find("</td>"), rest.find("</th>")]
            .into_iter()
            .flatten()
            .min()
            .unwrap();
    &row[start..end]
}

/// The fields of one CSV line (quotes as RFC 4180 writes them).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn the_deal_table_says_what_each_deal_was_and_how_it_ended() {
    let bid = deal_row("nvidia-arm");
    assert!(bid.contains("deal-failed"), "{bid}");
    let head = cell(bid, "Deal");
    assert!(
        head.contains("<span class=\"deal-kind\">acquisition</span>"),
        "{head}"
    );
    assert!(
        head.contains("terminated <time datetime=\"2022-02-08\">8 February 2022</time>"),
        "the outcome and its date: {head}"
    );
    let parties = cell(bid, "Parties");
    assert!(
        parties.contains(">Nvidia</a> <span class=\"verb\">sought to acquire</span> <a href=\"../companies/arm/\">Arm</a>"),
        "{parties}"
    );
    assert!(parties.contains("sold by SoftBank"), "{parties}");
    let when = cell(bid, "When");
    assert!(
        when.contains("announced</span> <time datetime=\"2020-09-13\">13 September 2020</time>"),
        "{when}"
    );
    let amount = cell(bid, "Amount");
    assert!(
        amount.contains("<span class=\"not-paid\">$35 billion to $40 billion</span>"),
        "a bid's amount was never paid: {amount}"
    );
    assert!(amount.contains("data-sort-group=\"USD\""), "{amount}");

    let purchase = deal_row("softbank-arm-2016");
    assert!(!purchase.contains("deal-failed"), "{purchase}");
    assert!(
        cell(purchase, "Deal").contains("completed <time datetime=\"2016-09-05\">"),
        "{purchase}"
    );
    assert!(
        cell(purchase, "Parties").contains("<span class=\"verb\">acquired</span>"),
        "{purchase}"
    );
    let amount = cell(purchase, "Amount");
    assert!(amount.contains("about £24 billion"), "{amount}");
    assert!(amount.contains("data-sort-group=\"GBP\""), "{amount}");

    let license = deal_row("nvidia-arm-license");
    assert!(
        cell(license, "Deal").contains("<span class=\"deal-kind\">licensing</span>"),
        "{license}"
    );
    assert!(
        cell(license, "Parties").contains("<span class=\"verb\">licenses from</span>"),
        "{license}"
    );
    assert!(
        cell(license, "When").contains("first disclosed"),
        "{license}"
    );
    let amount = cell(license, "Amount");
    assert!(amount.contains("undisclosed"), "{amount}");
    assert!(
        amount.contains("data-sort=\"\""),
        "an undisclosed amount has no number to sort by, so it sorts last: {amount}"
    );
}

#[test]
fn no_page_calls_an_acquisition_an_investment_or_shows_columns_no_deal_fills() {
    for path in [
        "index.html",
        "deals/index.html",
        "deals/nvidia-arm/index.html",
        "companies/nvidia/index.html",
        "companies/arm/index.html",
        "companies/softbank/index.html",
        "timeline/index.html",
        "print/index.html",
    ] {
        let html = page(path);
        assert!(!html.contains("invested in"), "{path}");
        assert!(
            !html.contains("Cloud and compute"),
            "no deal has compute terms: {path}"
        );
        assert!(
            !html.contains("data-label=\"Stake\""),
            "no deal has a stake: {path}"
        );
    }
}

#[test]
fn the_deal_table_lists_the_deals_by_their_event_date() {
    let html = page("deals/index.html");
    let order: Vec<usize> = ["softbank-arm-2016", "nvidia-arm", "nvidia-arm-license"]
        .iter()
        .map(|d| html.find(&format!("<a href=\"../deals/{d}/\">")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn the_graph_draws_the_bid_dashed_and_says_how_it_ended() {
    let home = page("index.html");
    let svg = &home[home.find("<svg class=\"graph\"").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert_eq!(
        svg.matches("class=\"edge edge-deal edge-failed\"").count(),
        1,
        "{svg}"
    );
    assert_eq!(svg.matches("class=\"edge edge-deal\"").count(), 2, "{svg}");
    assert!(
        svg.contains("acquisition, $35 billion to $40 billion, 2020 — terminated"),
        "{svg}"
    );
    assert!(
        svg.contains("acquisition, about £24 billion, 2016"),
        "{svg}"
    );
    // An undisclosed amount says so rather than leave a bare year.
    assert!(svg.contains("licensing, undisclosed, 2022"), "{svg}");
    // The bid and the license join the same two boxes: two lines side by side, one
    // block of labels.
    let lines: Vec<&str> = svg
        .split("<line ")
        .skip(1)
        .map(|l| l.split("/>").next().unwrap())
        .map(|l| l.split_once("x1=").unwrap().1)
        .collect();
    let mut distinct = lines.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        lines.len(),
        "no line on another: {lines:#?}"
    );
    assert_eq!(
        svg.matches("<text class=\"edge-label\"").count(),
        2,
        "{svg}"
    );
}

#[test]
fn the_timeline_has_the_announcement_and_the_termination_apart() {
    let html = page("timeline/index.html");
    let announced = html
        .find("Nvidia’s bid for Arm: announced")
        .expect("the announcement");
    let terminated = html
        .find("Nvidia’s bid for Arm: terminated")
        .expect("the termination");
    assert!(announced < terminated);
    let before = |at: usize| {
        let item = &html[..at];
        &item[item.rfind("<time").unwrap()..]
    };
    assert!(
        before(announced).contains("datetime=\"2020-09-13\""),
        "{}",
        before(announced)
    );
    assert!(
        before(terminated).contains("datetime=\"2022-02-08\""),
        "{}",
        before(terminated)
    );
    let completed = html
        .find("SoftBank’s purchase of Arm: completed")
        .expect("the completion");
    assert!(
        before(completed).contains("datetime=\"2016-09-05\""),
        "{}",
        before(completed)
    );
}

#[test]
fn the_key_figures_do_not_present_the_bid_as_money_that_changed_hands() {
    let home = page("index.html");
    let figures = &home[home.find("<section class=\"figures\"").unwrap()..];
    let figures = &figures[..figures.find("</section>").unwrap()];
    let bid = figures
        .split("<li class=\"figure")
        .find(|f| f.contains("deals/nvidia-arm/"))
        .expect("the bid is a key figure");
    assert!(bid.starts_with(" figure-failed\""), "{bid}");
    assert!(
        bid.contains("<span class=\"not-paid\">$35 billion to $40 billion</span>"),
        "{bid}"
    );
    assert!(
        bid.contains("Nvidia sought to acquire Arm"),
        "what was sought, not an arrow of money: {bid}"
    );
    assert!(!bid.contains("Nvidia → Arm"), "{bid}");
    assert!(bid.contains("terminated 8 February 2022"), "{bid}");
    let purchase = figures
        .split("<li class=\"figure")
        .find(|f| f.contains("deals/softbank-arm-2016/"))
        .expect("the purchase is a key figure");
    assert!(purchase.contains("SoftBank → Arm"), "{purchase}");
    assert!(
        purchase.contains("completed 5 September 2016"),
        "{purchase}"
    );
    assert!(
        !figures.contains("deals/nvidia-arm-license/"),
        "an undisclosed amount is no key figure"
    );
}

#[test]
fn a_figure_we_computed_is_marked_derived() {
    let html = page("deals/nvidia-arm/index.html");
    let at = html.find("<dt>Price without the earn-out</dt>").unwrap();
    let fact = &html[at..at + html[at..].find("</dd>").unwrap()];
    assert!(
        fact.contains("<span class=\"derived\">derived</span>"),
        "{fact}"
    );
    assert!(!fact.contains("class=\"status "), "no status: {fact}");
}

#[test]
fn dossier_json_holds_kinds_roles_outcomes_and_ranges() {
    let json: serde_json::Value =
        serde_json::from_str(page("data/dossier.json")).expect("valid JSON");
    assert_eq!(json["version"], 3);
    let deal = |slug: &str| -> &serde_json::Value {
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["slug"] == slug)
            .unwrap_or_else(|| panic!("no {slug}"))
    };
    let bid = &deal("nvidia-arm")["fields"];
    assert_eq!(bid["kind"], "acquisition");
    assert_eq!(bid["parties"]["acquirer"], serde_json::json!(["nvidia"]));
    assert_eq!(bid["parties"]["target"], serde_json::json!(["arm"]));
    assert_eq!(bid["parties"]["seller"], serde_json::json!(["softbank"]));
    assert_eq!(bid["outcome"]["state"], "terminated");
    assert_eq!(bid["outcome"]["date"], "2022-02-08");
    assert_eq!(bid["outcome"]["status"], "confirmed");
    assert_eq!(bid["amount"]["min"], 35_000_000_000_u64);
    assert_eq!(bid["amount"]["max"], 40_000_000_000_u64);
    assert_eq!(bid["amount"]["currency"], "USD");
    assert!(
        bid["implied_valuation"].is_null(),
        "an acquisition implies no valuation: {bid}"
    );
    let purchase = &deal("softbank-arm-2016")["fields"];
    assert_eq!(purchase["amount"]["currency"], "GBP");
    assert_eq!(purchase["amount"]["approximate"], true);
    assert_eq!(purchase["outcome"]["state"], "completed");
    let license = &deal("nvidia-arm-license")["fields"];
    assert_eq!(license["kind"], "licensing");
    assert_eq!(
        license["parties"]["licensee"],
        serde_json::json!(["nvidia"])
    );
    assert_eq!(license["amount"]["disclosed"], false);
}

#[test]
fn deals_csv_holds_kinds_outcomes_and_ranges_in_date_order() {
    let csv = page("data/deals.csv");
    let mut lines = csv.lines();
    let header = csv_fields(lines.next().unwrap());
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let get = |row: &[String], name: &str| row[col(name)].clone();
    let slugs: Vec<String> = rows.iter().map(|r| get(r, "slug")).collect();
    assert_eq!(
        slugs,
        ["softbank-arm-2016", "nvidia-arm", "nvidia-arm-license"],
        "in the order of their event dates"
    );
    let [purchase, bid, license] = &rows[..] else {
        panic!("three rows: {rows:?}");
    };
    assert_eq!(get(bid, "kind"), "acquisition");
    assert_eq!(get(bid, "outcome"), "terminated");
    assert_eq!(get(bid, "outcome_date"), "2022-02-08");
    assert_eq!(get(bid, "amount_min"), "35000000000");
    assert_eq!(get(bid, "amount_max"), "40000000000");
    assert_eq!(get(bid, "amount"), "");
    assert_eq!(get(bid, "currency"), "USD");
    assert_eq!(get(bid, "sellers"), "softbank");
    assert_eq!(get(purchase, "currency"), "GBP");
    assert_eq!(get(purchase, "amount"), "24000000000");
    assert_eq!(get(purchase, "outcome"), "completed");
    assert_eq!(get(license, "kind"), "licensing");
    assert_eq!(get(license, "amount_disclosed"), "false");
    assert_eq!(get(license, "event_date_kind"), "first_disclosed");
    assert_eq!(get(purchase, "implied_valuation"), "");
}
