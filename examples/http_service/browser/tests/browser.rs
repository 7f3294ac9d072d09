//! The HTTP example's pages in a real browser: headless Chromium, driven
//! through chromedriver (WebDriver), against the app served on loopback.
//!
//! A person signs in on the sign-in page (the code the gateway delivered,
//! typed in; the browser keeps the `__Host-` session cookie), opens the
//! consent page, reads the marketing notice and agrees; the history then
//! shows the give with the SHA-256 of exactly the text the browser showed,
//! which is also what the ledger holds. The operator's newsletter reaches
//! them; they withdraw on the page, the history shows it, and the next
//! newsletter leaves them out. The operator signs in on the operator's
//! page, and the report page shows the audit's counts change as they did.
//!
//! Without `chromium` and `chromedriver` on the PATH the test says why and
//! passes; under `CI` (set, and neither `0` nor `false`) it fails instead.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

#[path = "../../tests/common/http.rs"]
mod http;
#[allow(
    unreachable_pub,
    dead_code,
    reason = "the example's items are public in its own crate, and this test calls only some"
)]
#[path = "../../src/main.rs"]
mod http_service;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use http::{Reply, exchange};
use http_service::{ConsoleGateway, app, database};
use purpose_bound::{Keyring, Subject};
use purpose_bound_store::{
    AuditConfig, AuditLog, AuditReport, ConsentLedger, EventKind, SqliteStore,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};

/// The operator's token in the test.
const OPERATOR: &str = "the-operator-token-of-the-browser-test-0123456789";
const ADA: &str = "+44 20 7946 0958";
const GRACE: &str = "+44 20 7946 0321";
/// How long the test waits for the browser to show something.
const PATIENCE: Duration = Duration::from_secs(20);

/// Whether this is a CI run, which must run the test.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|ci| !ci.is_empty() && ci != "0" && ci != "false")
}

/// The first of `names` found as a file on the PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
}

/// A port on loopback that nothing listens on now.
async fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// chromedriver on a free port of loopback, killed when dropped, once it
/// takes connections.
async fn start_chromedriver(driver: &PathBuf) -> (Child, u16) {
    let port = free_port().await;
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|err| panic!("{} does not start: {err}", driver.display()));
    for _ in 0..200 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return (child, port);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("chromedriver did not listen on port {port} within ten seconds");
}

/// A headless Chromium session of `chromedriver` on `port`.
async fn browser(chromium: &PathBuf, port: u16) -> Client {
    let mut capabilities = Capabilities::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            // `--no-sandbox`: CI runs as root, where Chromium's sandbox
            // cannot start.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--no-first-run"],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|err| panic!("chromedriver opens no session: {err}"))
}

/// A JSON request to the app as a same-site program (not the browser)
/// sends it: the status and the JSON body.
async fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> (u16, Value) {
    let reply = json_exchange(addr, method, path, headers, body).await;
    (reply.status, reply.body)
}

/// As [`call`], the whole answer.
async fn json_exchange(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> Reply {
    let mut all = vec![
        ("X-Requested-With", "test"),
        ("Content-Type", "application/json"),
    ];
    all.extend_from_slice(headers);
    exchange(addr, method, path, &all, body.to_string().as_bytes()).await
}

/// The code in the message the gateway delivers after `before` messages.
async fn code_after(gateway: &ConsoleGateway, before: usize) -> String {
    for _ in 0..1000 {
        if let Some(delivery) = gateway.sent().get(before) {
            return delivery.text.rsplit(' ').next().unwrap().to_owned();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no code was delivered");
}

/// Clicks the element `id`.
async fn click(client: &Client, id: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The element `id`, once the page shows it (within [`PATIENCE`]).
async fn appears(client: &Client, id: &str) -> Element {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(id))
        .await
        .unwrap()
}

/// The text of the element with id `id`, once the page has one.
async fn text_of(client: &Client, id: &str) -> String {
    let element = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(id))
        .await;
    let element = match element {
        Ok(element) => element,
        Err(err) => panic!("no #{id} on {:?}: {err}", client.current_url().await),
    };
    element.text().await.unwrap()
}

/// Waits until the browser is at `path` of the app at `base`.
async fn wait_for_path(client: &Client, base: &str, path: &str) {
    let url = format!("{base}{path}").parse().unwrap();
    let arrived = client.wait().at_most(PATIENCE).for_url(&url).await;
    if let Err(err) = arrived {
        panic!("not at {path}: {:?} {err}", client.current_url().await);
    }
}

/// The rows of the table matched by `rows` (a CSS selector of its `tr`s),
/// each as its cells' texts.
async fn table(client: &Client, rows: &str) -> Vec<Vec<String>> {
    let mut table = Vec::new();
    for row in client.find_all(Locator::Css(rows)).await.unwrap() {
        let mut cells = Vec::new();
        for cell in row.find_all(Locator::Css("td")).await.unwrap() {
            cells.push(cell.text().await.unwrap());
        }
        table.push(cells);
    }
    table
}

/// The report page's line for marketing sends by SMS that were handed
/// over: accounts and uses, as the page shows them.
async fn marketing_sends_shown(client: &Client) -> (String, String) {
    let lines = table(client, "#report tbody tr").await;
    let line = lines
        .iter()
        .find(|cells| cells[..4] == ["marketing", "send_marketing", "sms", "handed_over"])
        .unwrap_or_else(|| panic!("no marketing send in {lines:?}"));
    (line[5].clone(), line[6].clone())
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_gives_and_withdraws_consent_in_a_browser() {
    let (Some(chromium), Some(driver)) = (
        on_path(&["chromium", "chromium-browser", "google-chrome"]),
        on_path(&["chromedriver"]),
    ) else {
        let missing = "chromium and chromedriver are not both on the PATH \
                       (Debian: apt-get install chromium chromium-driver)";
        assert!(!in_ci(), "CI must run the browser test, but {missing}");
        println!("skipped: {missing}");
        return;
    };

    // The app, with its records store as the process's audit, so that the
    // report counts this test's hand-offs.
    let keyring = || Keyring::new(1, &mut [0x5e; 32]);
    let records = Arc::new(SqliteStore::in_memory().unwrap());
    let audit = AuditLog::start(
        records.clone(),
        keyring().ledger_key(),
        AuditConfig::default(),
    )
    .unwrap()
    .install()
    .expect("the test's process has no other audit sink");
    let gateway = ConsoleGateway::default();
    let db = database().await.unwrap();
    let service = app(
        db.clone(),
        records.clone(),
        keyring(),
        gateway.clone(),
        OPERATOR,
    )
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    // http://localhost is a secure context to Chromium, where it keeps
    // `Secure` (and so `__Host-`) cookies.
    let base = format!("http://localhost:{}", addr.port());

    // Ada and Grace have accounts; Grace agreed to offers already,
    // through the API.
    for (name, phone) in [("Ada", ADA), ("Grace", GRACE)] {
        let form = json!({ "name": name, "phone": phone, "recovery_email": "a@example.com" });
        assert_eq!(call(addr, "POST", "/signup", &[], &form).await.0, 201);
    }
    let before = gateway.sent().len();
    assert_eq!(
        call(addr, "POST", "/signin", &[], &json!({ "phone": GRACE }))
            .await
            .0,
        202
    );
    let code = code_after(&gateway, before).await;
    let form = json!({ "phone": GRACE, "code": code });
    let reply = json_exchange(addr, "POST", "/signin/verify", &[], &form).await;
    assert_eq!(reply.status, 200);
    let grace_cookie = reply
        .header("set-cookie")
        .first()
        .and_then(|cookie| cookie.split_once(';'))
        .map(|(pair, _)| pair.to_owned())
        .unwrap_or_else(|| panic!("{reply:?}"));
    let (status, body) = call(
        addr,
        "POST",
        "/me/marketing",
        &[("Cookie", &grace_cookie)],
        &json!({ "wording": "offers-sms-2026-03" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let (_chromedriver, port) = start_chromedriver(&driver).await;
    let client = browser(&chromium, port).await;

    // The browser is driven in a task of its own, so that the session (and
    // Chromium with it) is closed whether or not an assertion failed.
    let driven = tokio::spawn({
        let client = client.clone();
        async move {
            // Not signed in: the consent page refuses, and links to sign-in.
            client.goto(&format!("{base}/consent")).await.unwrap();
            let refused = client.find(Locator::Id("error")).await.unwrap();
            assert_eq!(
                refused.attr("data-rule").await.unwrap().as_deref(),
                Some("not_signed_in")
            );
            click(&client, "sign-in").await;
            wait_for_path(&client, &base, "/signin").await;

            // Signing in on the page: the number, then the code it was sent.
            let before = gateway.sent().len();
            let phone = client.find(Locator::Id("phone")).await.unwrap();
            phone.send_keys(ADA).await.unwrap();
            click(&client, "send-code").await;
            let code = code_after(&gateway, before).await;
            let code_field = appears(&client, "code").await;
            for _ in 0..200 {
                if code_field.is_displayed().await.unwrap() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            code_field.send_keys(&code).await.unwrap();
            click(&client, "verify").await;
            wait_for_path(&client, &base, "/consent").await;
            let session = client.get_named_cookie("__Host-session").await.unwrap();
            assert_eq!(
                (session.secure(), session.http_only(), session.value().len()),
                (Some(true), Some(true), 64),
                "Chromium keeps the session cookie"
            );
            assert_eq!(text_of(&client, "name").await, "Ada");
            assert_eq!(text_of(&client, "phone").await, "+44 •••• ••58");

            // The notice as the browser shows it, and the SHA-256 the page gives.
            let wording = text_of(&client, "marketing-notice").await;
            let notice_id = text_of(&client, "marketing-notice-id").await;
            let shown_sha256 = text_of(&client, "marketing-notice-sha256").await;
            assert_eq!(hex(&Sha256::digest(wording.as_bytes())), shown_sha256);
            assert_eq!(text_of(&client, "marketing-state").await, "not given");
            assert_eq!(
                text_of(&client, "no-history").await,
                "No consent given or withdrawn yet."
            );

            // Agreeing: the history shows the give, with that hash.
            click(&client, "marketing-give").await;
            appears(&client, "marketing-withdraw").await;
            assert!(
                text_of(&client, "marketing-state")
                    .await
                    .starts_with("given (consent ")
            );
            let history = table(&client, "#history tbody tr").await;
            let [given] = &history[..] else {
                panic!("{history:?}");
            };
            assert_eq!(&given[1..3], ["marketing", "given"], "{given:?}");
            assert_eq!(
                (&given[4], &given[5]),
                (&notice_id, &shown_sha256),
                "{given:?}"
            );

            // The ledger holds the same, read directly.
            let ada_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE name = 'Ada'")
                .fetch_one(&db)
                .await
                .unwrap();
            let ada = Subject::new(&format!("user-{ada_id}")).unwrap();
            let ledger = ConsentLedger::open(records.clone(), keyring().ledger_key()).unwrap();
            let events = ledger.history(&ada).unwrap();
            let [event] = &events[..] else {
                panic!("{events:?}");
            };
            assert_eq!(
                (event.kind, event.purpose.as_str()),
                (EventKind::Given, "marketing")
            );
            assert_eq!(event.fields.notice.as_deref(), Some(notice_id.as_str()));
            assert_eq!(
                event.fields.notice_sha256.as_deref(),
                Some(shown_sha256.as_str())
            );
            assert_eq!(given[3], event.consent.get().to_string());

            // The operator's newsletter reaches both.
            let bearer = format!("Bearer {OPERATOR}");
            let newsletter = |text: &'static str| {
                let bearer = bearer.clone();
                async move {
                    let form = json!({ "text": text });
                    call(
                        addr,
                        "POST",
                        "/newsletter",
                        &[("Authorization", &bearer)],
                        &form,
                    )
                    .await
                }
            };
            assert_eq!(
                newsletter("March offers").await,
                (200, json!({ "sent": 2, "refused": 0 }))
            );

            // The operator signs in on the operator's page and reads the report.
            audit.flush().unwrap();
            client.goto(&format!("{base}/audit/page")).await.unwrap();
            let refused = client.find(Locator::Id("error")).await.unwrap();
            assert_eq!(
                refused.attr("data-rule").await.unwrap().as_deref(),
                Some("operator_only")
            );
            click(&client, "sign-in").await;
            wait_for_path(&client, &base, "/operator/signin").await;
            client
                .find(Locator::Id("token"))
                .await
                .unwrap()
                .send_keys(OPERATOR)
                .await
                .unwrap();
            click(&client, "operator-sign-in").await;
            wait_for_path(&client, &base, "/audit/page").await;
            let operator = client.get_named_cookie("__Host-operator").await.unwrap();
            assert_eq!(
                (operator.secure(), operator.http_only()),
                (Some(true), Some(true))
            );
            assert_eq!(
                marketing_sends_shown(&client).await,
                ("2".to_owned(), "2".to_owned()),
                "two accounts, one send each"
            );

            // Withdrawing on the consent page: the history shows it.
            client.goto(&format!("{base}/consent")).await.unwrap();
            click(&client, "marketing-withdraw").await;
            appears(&client, "marketing-give").await;
            assert_eq!(text_of(&client, "marketing-state").await, "not given");
            let history = table(&client, "#history tbody tr").await;
            let kinds: Vec<&str> = history.iter().map(|row| row[2].as_str()).collect();
            assert_eq!(kinds, ["given", "withdrawn"], "{history:?}");
            let events = ledger.history(&ada).unwrap();
            let kinds: Vec<EventKind> = events.iter().map(|event| event.kind).collect();
            assert_eq!(kinds, [EventKind::Given, EventKind::Withdrawn]);

            // The next newsletter leaves Ada out: it reaches Grace alone.
            assert_eq!(
                newsletter("April offers").await,
                (200, json!({ "sent": 1, "refused": 0 }))
            );
            let april: Vec<String> = gateway
                .sent()
                .into_iter()
                .filter(|delivery| delivery.text == "April offers")
                .map(|delivery| delivery.to)
                .collect();
            assert_eq!(april, ["+442079460321"]);

            // The report page shows the change: one send more, to the same two
            // accounts, as the audit has it.
            audit.flush().unwrap();
            client.goto(&format!("{base}/audit/page")).await.unwrap();
            assert_eq!(
                marketing_sends_shown(&client).await,
                ("2".to_owned(), "3".to_owned()),
                "Ada was not sent the April offers"
            );
            let report = AuditReport::of(
                &*records,
                Duration::ZERO,
                Duration::from_secs(u32::MAX.into()),
            )
            .unwrap();
            let shown = table(&client, "#report tbody tr").await;
            let expected: Vec<Vec<String>> = report
                .lines
                .iter()
                .map(|line| {
                    vec![
                        line.purpose.clone(),
                        line.capability.clone().unwrap_or_else(|| "(adopt)".into()),
                        line.via.clone(),
                        line.outcome.clone(),
                        line.reason.clone().unwrap_or_default(),
                        line.subjects.to_string(),
                        line.uses.to_string(),
                    ]
                })
                .collect();
            assert_eq!(shown, expected);
        }
    })
    .await;
    client.close().await.unwrap();
    if let Err(failed) = driven {
        std::panic::resume_unwind(failed.into_panic());
    }
}
