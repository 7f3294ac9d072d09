//! The HTTP account service example, started on 127.0.0.1:0 and driven
//! over loopback through every endpoint: sign-up, sign-in with a one-time
//! code and its stored challenge, the session it opens, marketing and
//! advertising opt-in and opt-out, the newsletter and the audience export.
//! The gateway gets exactly the messages each purpose allows, and the
//! database holds no raw number or address, and no session token. Then
//! what a penetration test tries: telling registered numbers from others at
//! `/signin/verify`, acting without a session, with a forged or expired one
//! or for another user, cross-site requests, errors that are not JSON or
//! repeat the input, and oversized bodies and fields. And the pages: the
//! consent page shows the wording whose SHA-256 the ledger records and the
//! person's own history, needs a live session, escapes what it shows and
//! carries a strict Content-Security-Policy; the report page takes only the
//! operator's page session, which the operator's token opens.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

#[path = "common/http.rs"]
mod http;
#[allow(
    unreachable_pub,
    reason = "the example's items are public in its own crate"
)]
#[path = "../src/main.rs"]
mod http_service;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http::{Reply, exchange};
use http_service::{ConsoleGateway, app, database};
use purpose_bound::{Advertising, ConsentId, Keyring, Subject};
use purpose_bound_store::{ConsentLedger, EventKind, SqliteStore, Store};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use tokio::net::TcpListener;

/// The code in the message the gateway delivers after `before` messages:
/// `/signin` answers first and delivers after, so this waits for it, for
/// ten seconds at most.
async fn code_after(gateway: &ConsoleGateway, before: usize) -> String {
    for _ in 0..1000 {
        if let Some(delivery) = gateway.sent().get(before) {
            return delivery.text.rsplit(' ').next().unwrap().to_owned();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no code was delivered");
}

/// The header that shows a request was not started by another site.
const SAME_SITE: (&str, &str) = ("X-Requested-With", "test");

/// One request as a same-site page sends it, with any content type and
/// body, and no session: the status and the JSON body.
async fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> (u16, Value) {
    let mut headers = vec![SAME_SITE];
    headers.extend(content_type.map(|value| ("Content-Type", value)));
    let reply = exchange(addr, method, path, &headers, body).await;
    (reply.status, reply.body)
}

/// A JSON request as a same-site page sends it, with no session.
async fn request(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|body| body.to_string()).unwrap_or_default();
    raw(
        addr,
        method,
        path,
        Some("application/json"),
        body.as_bytes(),
    )
    .await
}

async fn post(addr: SocketAddr, path: &str, body: Value) -> (u16, Value) {
    request(addr, "POST", path, Some(body)).await
}

/// The `Cookie` header of a session.
fn cookie(token: &str) -> String {
    format!("__Host-session={token}")
}

/// A JSON request as a same-site page sends it, with the session cookie
/// `token`.
async fn as_user(
    addr: SocketAddr,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    with_cookie(addr, &cookie(token), method, path, body).await
}

/// A JSON request as a same-site page sends it, with this `Cookie` header.
async fn with_cookie(
    addr: SocketAddr,
    cookie: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let body = body.map(Value::to_string).unwrap_or_default();
    let headers = [
        SAME_SITE,
        ("Content-Type", "application/json"),
        ("Cookie", cookie),
    ];
    let reply = exchange(addr, method, path, &headers, body.as_bytes()).await;
    (reply.status, reply.body)
}

/// The operator's bearer token in the tests.
const OPERATOR: &str = "the-operator-token-of-the-tests-0123456789";

/// A JSON request with the operator's token.
async fn as_operator(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let body = body.map(|body| body.to_string()).unwrap_or_default();
    let bearer = format!("Bearer {OPERATOR}");
    let headers = [
        SAME_SITE,
        ("Content-Type", "application/json"),
        ("Authorization", &bearer),
    ];
    let reply = exchange(addr, method, path, &headers, body.as_bytes()).await;
    (reply.status, reply.body)
}

/// The records store of the app serving on each address.
static RECORDS: Mutex<Vec<(SocketAddr, Arc<SqliteStore>)>> = Mutex::new(Vec::new());

/// The records store of the app serving on `addr`.
fn records_of(addr: SocketAddr) -> Arc<SqliteStore> {
    let records = RECORDS.lock().unwrap();
    let (_, store) = records.iter().find(|(at, _)| *at == addr).unwrap();
    store.clone()
}

/// The consent ledger of the app serving on `addr`, as another system
/// sharing its records would open it.
fn ledger_of(addr: SocketAddr) -> ConsentLedger {
    let key = Keyring::new(1, &mut [0x5e; 32]).ledger_key();
    ConsentLedger::open(records_of(addr), key).unwrap()
}

/// The app on a fresh database, served on loopback.
async fn start() -> (SocketAddr, ConsoleGateway, sqlx::SqlitePool) {
    start_with(ConsoleGateway::default()).await
}

async fn start_with(gateway: ConsoleGateway) -> (SocketAddr, ConsoleGateway, sqlx::SqlitePool) {
    let db = database().await.unwrap();
    let addr = serve(
        db.clone(),
        Keyring::new(1, &mut [0x5e; 32]),
        gateway.clone(),
    )
    .await;
    (addr, gateway, db)
}

/// The app on `db` with `keyring`, served on loopback: a fresh start of
/// the service, as after a key rotation.
/// Each start has a records store of its own (the ledger's and the
/// audit's), which `records_of` finds by the address it serves on.
async fn serve(db: sqlx::SqlitePool, keyring: Keyring, gateway: ConsoleGateway) -> SocketAddr {
    let records = Arc::new(SqliteStore::in_memory().unwrap());
    let service = app(db, records.clone(), keyring, gateway, OPERATOR).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    RECORDS.lock().unwrap().push((addr, records));
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    addr
}

/// Asks for a code for `phone`, and verifies the one delivered: the reply
/// of `/signin/verify`.
async fn verify_code(addr: SocketAddr, gateway: &ConsoleGateway, phone: &str) -> Reply {
    let before = gateway.sent().len();
    assert_eq!(
        post(addr, "/signin", json!({ "phone": phone })).await.0,
        202
    );
    let code = code_after(gateway, before).await;
    let form = json!({ "phone": phone, "code": code }).to_string();
    let headers = [SAME_SITE, ("Content-Type", "application/json")];
    exchange(addr, "POST", "/signin/verify", &headers, form.as_bytes()).await
}

/// The session token of the cookie a reply sets.
fn session_token(reply: &Reply) -> String {
    let [set_cookie] = reply.header("set-cookie")[..] else {
        panic!("{reply:?}");
    };
    let (pair, _attributes) = set_cookie.split_once(';').unwrap();
    pair.strip_prefix("__Host-session=").unwrap().to_owned()
}

/// Signs in with a code to `phone`: the session's token.
async fn sign_in(addr: SocketAddr, gateway: &ConsoleGateway, phone: &str) -> String {
    let reply = verify_code(addr, gateway, phone).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    session_token(&reply)
}

/// What the database keeps of a session token: the SHA-256 of its bytes.
fn token_hash(token: &str) -> Vec<u8> {
    let bytes: Vec<u8> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16).unwrap())
        .collect();
    Sha256::digest(&bytes).to_vec()
}

async fn user_id(db: &sqlx::SqlitePool, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE name = ?1")
        .bind(name)
        .fetch_one(db)
        .await
        .unwrap()
}

fn unix_now() -> i64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(now.as_secs()).unwrap()
}

const ADA: &str = "+44 20 7946 0958";
const GRACE: &str = "+44 20 7946 0321";

async fn sign_up(addr: SocketAddr, name: &str, phone: &str) {
    let form = json!({ "name": name, "phone": phone, "recovery_email": "a@example.com" });
    let (status, body) = post(addr, "/signup", form).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_over_loopback() {
    let (addr, gateway, db) = start().await;

    // Sign-up, from bare user input.
    let (status, body) = post(
        addr,
        "/signup",
        json!({ "name": "Ada", "phone": ADA, "recovery_email": " Ada@Example.com " }),
    )
    .await;
    assert_eq!((status, body), (201, json!({ "signed_up": true })));
    let (status, body) = post(
        addr,
        "/signup",
        json!({ "name": "Grace", "phone": GRACE, "recovery_email": "grace@example.com" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let grace = user_id(&db, "Grace").await;

    // The lookup key's unique index sees the same number, however typed.
    let (status, body) = post(
        addr,
        "/signup",
        json!({ "name": "Eve", "phone": "+442079460958", "recovery_email": "eve@example.com" }),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    // A premium-rate number takes no sign-in code: refused at intake, unechoed.
    let (status, body) = post(
        addr,
        "/signup",
        json!({ "name": "Mallory", "phone": "+44 909 876 5432", "recovery_email": "m@example.com" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(!body.to_string().contains("876"), "{body}");

    // Sign-in: a code to the phone, however the user types it, verified
    // against the stored challenge; a wrong code spends an attempt, and the
    // right one works once, opening a session.
    let typed = "+44 (0)20 7946 0958";
    let before = gateway.sent().len();
    let (status, body) = post(addr, "/signin", json!({ "phone": typed })).await;
    assert_eq!((status, body), (202, json!({ "sent": true })));
    let code = code_after(&gateway, before).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let verify = |code: &str| json!({ "phone": typed, "code": code });
    let (status, body) = post(addr, "/signin/verify", verify(wrong)).await;
    assert_eq!(status, 401, "{body}");
    let headers = [SAME_SITE, ("Content-Type", "application/json")];
    let reply = exchange(
        addr,
        "POST",
        "/signin/verify",
        &headers,
        verify(&code).to_string().as_bytes(),
    )
    .await;
    assert_eq!(
        (reply.status, &reply.body),
        (200, &json!({ "signed_in": true }))
    );
    let ada = session_token(&reply);
    let (status, body) = post(addr, "/signin/verify", verify(&code)).await;
    assert_eq!(status, 401, "a code is accepted once: {body}");
    // An unknown number gets the same answer, and no message: the next
    // message delivered is the code a registered number asked for after it.
    let before = gateway.sent().len();
    let (status, _) = post(addr, "/signin", json!({ "phone": "+1 415 555 2671" })).await;
    assert_eq!(status, 202);
    assert_eq!(
        post(addr, "/signin", json!({ "phone": typed })).await.0,
        202
    );
    let second = code_after(&gateway, before).await;
    let sent = gateway.sent();
    assert_eq!(sent.len(), before + 1);
    assert_eq!(sent[before].to, "+442079460958");
    let (status, _) = post(
        addr,
        "/signin/verify",
        json!({ "phone": "+1 415 555 2671", "code": "123456" }),
    )
    .await;
    assert_eq!(status, 401);

    // The session says who is signed in.
    let (status, body) = as_user(addr, &ada, "GET", "/me", None).await;
    assert_eq!(
        (status, body),
        (
            200,
            json!({ "name": "Ada", "phone": "+44 •••• ••58", "marketing": false, "advertising": false })
        )
    );

    // Marketing and advertising opt-in adopt the number given at sign-up.
    let (status, body) = as_user(
        addr,
        &ada,
        "POST",
        "/me/marketing",
        Some(&json!({ "wording": "offers-sms-2026-03" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["phone"], "+44 •••• ••58");
    let grace_session = sign_in(addr, &gateway, GRACE).await;
    let grace_code = gateway.sent().last().unwrap().text.clone();
    for session in [&ada, &grace_session] {
        let (status, body) = as_user(
            addr,
            session,
            "POST",
            "/me/advertising",
            Some(&json!({ "wording": "ads-matching-v1" })),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, body) = as_user(addr, &ada, "GET", "/me", None).await;
    assert_eq!(
        (&body["marketing"], &body["advertising"]),
        (&json!(true), &json!(true))
    );

    let (status, body) = as_operator(
        addr,
        "POST",
        "/newsletter",
        Some(json!({ "text": "March offers" })),
    )
    .await;
    assert_eq!((status, body), (200, json!({ "sent": 1, "refused": 0 })));

    let (status, body) = as_operator(addr, "GET", "/audience", None).await;
    assert_eq!(status, 200);
    assert_eq!((&body["keys"], &body["left_out"]), (&json!(2), &json!(0)));

    // The audit's report, in accounts: this process has no audit sink in
    // the tests (the service installs one in `main`), so it is empty.
    let (status, body) = as_operator(addr, "GET", "/audit", None).await;
    assert_eq!(
        (status, body),
        (200, json!({ "lines": [], "refusals": {} }))
    );

    // Grace withdraws through another system that records the withdrawal
    // but has not erased the number yet: the export leaves her out.
    let consent: i64 = sqlx::query_scalar("SELECT advertising_consent FROM users WHERE id = ?1")
        .bind(grace)
        .fetch_one(&db)
        .await
        .unwrap();
    let consent = ConsentId::new(u64::try_from(consent).unwrap()).unwrap();
    let withdrawn_at = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    ledger_of(addr)
        .withdraw::<Advertising>(
            &Subject::new(&format!("user-{grace}")).unwrap(),
            consent,
            withdrawn_at,
            "phone call to support",
            "support-desk",
        )
        .unwrap();
    let (_, body) = as_operator(addr, "GET", "/audience", None).await;
    assert_eq!(
        body,
        json!({ "platform": "Meta", "keys": 1, "left_out": 1, "consent_ended": 1, "withdrawn": 0, "expired": 0, "refused": 0 })
    );

    // Opt-out withdraws and erases.
    let (status, body) = as_user(addr, &ada, "DELETE", "/me/marketing", None).await;
    assert_eq!(
        (status, body),
        (200, json!({ "withdrawn": 1, "erased": 1 }))
    );
    let (_, body) = as_operator(
        addr,
        "POST",
        "/newsletter",
        Some(json!({ "text": "April offers" })),
    )
    .await;
    assert_eq!(body, json!({ "sent": 0, "refused": 0 }));
    let (status, body) = as_user(addr, &ada, "DELETE", "/me/advertising", None).await;
    assert_eq!(
        (status, body),
        (200, json!({ "withdrawn": 1, "erased": 1 }))
    );
    let (_, body) = as_operator(addr, "GET", "/audience", None).await;
    assert_eq!((&body["keys"], &body["left_out"]), (&json!(0), &json!(1)));

    // Sign-out ends the session.
    let (status, body) = as_user(addr, &ada, "POST", "/signout", None).await;
    assert_eq!((status, body), (200, json!({ "signed_out": true })));
    assert_eq!(as_user(addr, &ada, "GET", "/me", None).await.0, 401);

    // The gateway got exactly: a welcome notice per user, three sign-in
    // codes, one newsletter.
    let sent: Vec<_> = gateway
        .sent()
        .into_iter()
        .map(|d| (d.channel, d.to, d.text))
        .collect();
    let welcome = "Welcome! This number now signs you in.".to_owned();
    assert_eq!(
        sent,
        [
            ("sms", "+442079460958".to_owned(), welcome.clone()),
            ("sms", "+442079460321".to_owned(), welcome),
            (
                "sms",
                "+442079460958".to_owned(),
                format!("Your sign-in code is {code}")
            ),
            (
                "sms",
                "+442079460958".to_owned(),
                format!("Your sign-in code is {second}")
            ),
            ("sms", "+442079460321".to_owned(), grace_code),
            ("sms", "+442079460958".to_owned(), "March offers".to_owned()),
        ]
    );

    // No raw value in any column, and no session token.
    let rows: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT phone_lookup, security_phone, recovery_email FROM users")
            .fetch_all(&db)
            .await
            .unwrap();
    let sessions: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1, "Grace's");
    let columns = rows
        .into_iter()
        .flat_map(|(lookup, phone, email)| [lookup, phone, email])
        .chain(sessions);
    for column in columns {
        let text = String::from_utf8_lossy(&column).to_lowercase();
        for raw in ["2079460958", "2079460321", "example.com", &grace_session] {
            assert!(!text.contains(raw), "{raw} in {text}");
        }
    }
}

/// The refusal every failed `/signin/verify` gets.
fn refusal() -> (u16, Value) {
    (
        401,
        json!({ "error": {
            "rule": "sign_in_refused",
            "message": "the code is wrong, expired or used up, or was not sent to this number; request a new one",
        } }),
    )
}

/// `/signin/verify` does not tell which numbers have accounts: an
/// unregistered number, a registered one with no code sent and a wrong
/// code get the same status and body, and take about as long.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_does_not_tell_who_has_an_account() {
    let (addr, gateway, _db) = start().await;
    for (name, phone) in [("Ada", ADA), ("Grace", GRACE)] {
        let form = json!({ "name": name, "phone": phone, "recovery_email": "a@example.com" });
        assert_eq!(post(addr, "/signup", form).await.0, 201);
    }
    // Ada has a code on the way; Grace has none; the third has no account.
    let before = gateway.sent().len();
    assert_eq!(post(addr, "/signin", json!({ "phone": ADA })).await.0, 202);
    let code = code_after(&gateway, before).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let unknown = "+1 415 555 2671";
    let verify = |phone: &str| json!({ "phone": phone, "code": wrong });

    let registered = post(addr, "/signin/verify", verify(ADA)).await;
    let no_code = post(addr, "/signin/verify", verify(GRACE)).await;
    let unregistered = post(addr, "/signin/verify", verify(unknown)).await;
    assert_eq!(registered, refusal());
    assert_eq!(no_code, refusal());
    assert_eq!(unregistered, refusal());

    // The same work: medians over interleaved requests, with a bound wide
    // enough for a loaded machine (the two paths differ by microseconds,
    // a request takes around a millisecond). Ada's attempts run out after
    // three; the refusal is still the same, after the same work.
    let mut timings = [Vec::new(), Vec::new()];
    for _ in 0..15 {
        for (phone, times) in [ADA, unknown].into_iter().zip(&mut timings) {
            let started = Instant::now();
            let answer = post(addr, "/signin/verify", verify(phone)).await;
            times.push(started.elapsed());
            assert_eq!(answer, refusal());
        }
    }
    let [registered, unregistered] = timings.map(|mut times| {
        times.sort();
        times[times.len() / 2]
    });
    let (fast, slow) = (registered.min(unregistered), registered.max(unregistered));
    assert!(
        slow <= fast * 3 + Duration::from_millis(20),
        "registered {registered:?}, unregistered {unregistered:?}"
    );
    // The right code still signs in once.
    let before = gateway.sent().len();
    assert_eq!(post(addr, "/signin", json!({ "phone": ADA })).await.0, 202);
    let code = code_after(&gateway, before).await;
    let (status, _) = post(
        addr,
        "/signin/verify",
        json!({ "phone": ADA, "code": code }),
    )
    .await;
    assert_eq!(status, 200);
}

/// `/signin` answers before the code is delivered, so a slow gateway does
/// not make a registered number's answer slower than an unknown one's: both
/// come back long before a gateway that takes two seconds has delivered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_answers_before_the_gateway_delivers() {
    let latency = Duration::from_secs(2);
    let (addr, gateway, _db) = start_with(ConsoleGateway::with_latency(latency)).await;
    let form = json!({ "name": "Ada", "phone": ADA, "recovery_email": "a@example.com" });
    assert_eq!(post(addr, "/signup", form).await.0, 201);
    let before = gateway.sent().len();
    for phone in [ADA, "+1 415 555 2671"] {
        let started = Instant::now();
        let answer = post(addr, "/signin", json!({ "phone": phone })).await;
        assert_eq!(answer, (202, json!({ "sent": true })));
        assert!(
            started.elapsed() < latency,
            "{phone}: {:?}",
            started.elapsed()
        );
    }
    // Ada's code still arrives, after the answer.
    assert_eq!(code_after(&gateway, before).await.len(), 6);
}

/// The rule, field and status of an error answer, after checking its shape.
fn rule(answer: &(u16, Value)) -> (u16, &str, Option<&str>) {
    let (status, body) = answer;
    let error = body["error"]
        .as_object()
        .unwrap_or_else(|| panic!("{body}"));
    assert!(error["message"].is_string(), "{body}");
    assert!(
        error
            .keys()
            .all(|key| ["rule", "message", "field"].contains(&key.as_str())),
        "{body}"
    );
    (
        *status,
        error["rule"].as_str().unwrap(),
        error.get("field").map(|field| field.as_str().unwrap()),
    )
}

/// Every refusal, axum's extractors' included, is one JSON shape naming
/// the rule that failed and never the value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_is_one_json_shape_without_the_value() {
    let (addr, _gateway, _db) = start().await;
    let signup =
        |phone: Value| json!({ "name": "Ada", "phone": phone, "recovery_email": "a@example.com" });
    let json = Some("application/json");
    let cases = [
        (
            raw(
                addr,
                "POST",
                "/signup",
                json,
                br#"{"name": "Ada", "phone": "+44 20 7946 0958""#,
            )
            .await,
            (400, "json_syntax", None),
        ),
        (
            raw(addr, "POST", "/signup", json, br#"{"name": "Ada", "phone": "+44 20 7946 0958", "recovery_email": "a@example.com"} 7946"#).await,
            (400, "json_syntax", None),
        ),
        (
            raw(
                addr,
                "POST",
                "/signup",
                Some("text/plain"),
                signup(json!(ADA)).to_string().as_bytes(),
            )
            .await,
            (415, "content_type", None),
        ),
        (
            raw(
                addr,
                "POST",
                "/signup",
                None,
                signup(json!(ADA)).to_string().as_bytes(),
            )
            .await,
            (415, "content_type", None),
        ),
        (
            post(addr, "/signup", json!({ "name": "Ada", "phone": ADA })).await,
            (422, "missing_field", Some("recovery_email")),
        ),
        (
            post(addr, "/signup", signup(json!(442079460958_u64))).await,
            (422, "invalid_value", Some("phone")),
        ),
        (
            post(addr, "/signup", signup(json!("+44 20 7946 O958"))).await,
            (422, "invalid_value", Some("phone")),
        ),
        (
            post(
                addr,
                "/signin/verify",
                json!({ "phone": ADA, "code": 794_609 }),
            )
            .await,
            (422, "wrong_type", Some("code")),
        ),
        (
            post(
                addr,
                "/signup",
                json!({ "name": ["Ada", "7946"], "phone": ADA, "recovery_email": "a@example.com" }),
            )
            .await,
            (422, "wrong_type", Some("name")),
        ),
        (
            request(addr, "DELETE", "/me/marketing", None).await,
            (401, "not_signed_in", None),
        ),
        (
            post(addr, "/me/marketing", json!({ "wording": "offers-v1" })).await,
            (401, "not_signed_in", None),
        ),
        (
            post(
                addr,
                "/users/7946/marketing",
                json!({ "wording": "offers-v1" }),
            )
            .await,
            (404, "no_route", None),
        ),
        (
            request(addr, "GET", "/audience", None).await,
            (401, "operator_only", None),
        ),
        (
            exchange(addr, "DELETE", "/me/marketing", &[], b"")
                .await
                .into(),
            (403, "cross_site_request", None),
        ),
        (
            request(addr, "GET", "/users/7946", None).await,
            (404, "no_route", None),
        ),
        (
            request(addr, "GET", "/signup", None).await,
            (405, "method_not_allowed", None),
        ),
    ];
    for (answer, expected) in &cases {
        assert_eq!(rule(answer), *expected, "{answer:?}");
        let text = answer.1.to_string();
        for value in ["7946", "794609", "O958"] {
            assert!(!text.contains(value), "{value} in {text}");
        }
    }
}

/// Bodies and free-text fields have limits: a body over the limit is 413
/// before it is read whole, a field over its own is 422 naming it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_and_fields_have_limits() {
    let (addr, gateway, _db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let ada = sign_in(addr, &gateway, ADA).await;
    let kilobytes_100 = "x".repeat(100 * 1024);
    let signup =
        |name: &str| json!({ "name": name, "phone": GRACE, "recovery_email": "g@example.com" });
    // Each route as it is called: a user's with the session, the
    // operator's with the token.
    let call = |path: &'static str, form: Value| {
        let ada = ada.clone();
        async move {
            match path {
                "/me/marketing" => as_user(addr, &ada, "POST", path, Some(&form)).await,
                "/newsletter" => as_operator(addr, "POST", path, Some(form)).await,
                _ => post(addr, path, form).await,
            }
        }
    };

    // 100 KB in any field: the body is too large.
    for (path, form) in [
        ("/signup", signup(&kilobytes_100)),
        ("/me/marketing", json!({ "wording": kilobytes_100 })),
        ("/newsletter", json!({ "text": kilobytes_100 })),
        (
            "/signin/verify",
            json!({ "phone": ADA, "code": kilobytes_100 }),
        ),
    ] {
        let answer = call(path, form).await;
        assert_eq!(rule(&answer), (413, "body_too_large", None), "{path}");
    }
    // Within the body limit, each field has its own.
    for (path, form, field) in [
        ("/signup", signup(&"x".repeat(101)), "name"),
        ("/signup", signup(" "), "name"),
        (
            "/me/marketing",
            json!({ "wording": "x".repeat(101) }),
            "wording",
        ),
        ("/newsletter", json!({ "text": "x".repeat(1_001) }), "text"),
        ("/newsletter", json!({ "text": "" }), "text"),
        (
            "/signin/verify",
            json!({ "phone": ADA, "code": "1".repeat(17) }),
            "code",
        ),
    ] {
        let answer = call(path, form).await;
        let (status, rule_name, named) = rule(&answer);
        assert_eq!((status, named), (422, Some(field)), "{path}");
        assert!(
            ["field_too_long", "field_empty"].contains(&rule_name),
            "{rule_name}"
        );
    }
    // At the limits, accepted.
    let (status, body) = post(addr, "/signup", signup(&"é".repeat(100))).await;
    assert_eq!(status, 201, "{body}");
    // A wording at the limit is read, and must then name the notice the
    // service shows.
    let answer = call("/me/marketing", json!({ "wording": "w".repeat(100) })).await;
    assert_eq!(rule(&answer), (422, "unknown_notice", Some("wording")));
    let (status, body) = call("/me/marketing", json!({ "wording": "offers-sms-2026-03" })).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call("/newsletter", json!({ "text": "n".repeat(1_000) })).await;
    assert_eq!((status, body), (200, json!({ "sent": 1, "refused": 0 })));
    assert_eq!(gateway.sent().last().unwrap().text.len(), 1_000);
}

/// Every route that acts for a user: method, path, body.
fn user_routes() -> [(&'static str, &'static str, Option<Value>); 6] {
    let opt_in = || Some(json!({ "wording": "offers-sms-2026-03" }));
    [
        ("GET", "/me", None),
        ("POST", "/me/marketing", opt_in()),
        ("DELETE", "/me/marketing", None),
        ("POST", "/me/advertising", opt_in()),
        ("DELETE", "/me/advertising", None),
        ("POST", "/signout", None),
    ]
}

/// The one refusal of a user's route without a live session.
fn not_signed_in() -> (u16, Value) {
    (
        401,
        json!({ "error": {
            "rule": "not_signed_in",
            "message": "sign in first: this endpoint acts for the signed-in user",
        } }),
    )
}

/// Nothing was done for anyone: no consent recorded, no number adopted.
async fn assert_nothing_done(addr: SocketAddr, db: &sqlx::SqlitePool) {
    let consents = records_of(addr).events_after(0, 10).unwrap().len();
    let adopted: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users
         WHERE marketing_phone IS NOT NULL OR advertising_phone IS NOT NULL",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!((consents, adopted), (0, 0));
}

/// Each user route, tried with no session, with a token no session has, a
/// cookie that holds no token, a real token under another cookie name, and
/// an expired session (which is deleted): one refusal for all, and nothing
/// done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_routes_refuse_without_a_live_session() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let live = sign_in(addr, &gateway, ADA).await;
    let forged = "5e".repeat(32);
    for (method, path, body) in user_routes() {
        let body = body.as_ref();
        let anonymous = exchange(
            addr,
            method,
            path,
            &[SAME_SITE, ("Content-Type", "application/json")],
            body.map(Value::to_string).unwrap_or_default().as_bytes(),
        )
        .await;
        assert_eq!(<(u16, Value)>::from(anonymous), not_signed_in(), "{path}");
        for cookie in [
            cookie(&forged),
            cookie(&format!("g{}", &live[1..])),
            cookie(&live[1..]),
            cookie(""),
            format!("session={live}"),
            format!("__Host-session-old={live}"),
        ] {
            let answer = with_cookie(addr, &cookie, method, path, body).await;
            assert_eq!(answer, not_signed_in(), "{path} with {cookie}");
        }

        // A session that works, until it expires.
        let expiring = sign_in(addr, &gateway, ADA).await;
        assert_eq!(as_user(addr, &expiring, "GET", "/me", None).await.0, 200);
        let expired = sqlx::query("UPDATE sessions SET expires = ?1 WHERE token_hash = ?2")
            .bind(unix_now() - 1)
            .bind(token_hash(&expiring))
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(expired.rows_affected(), 1);
        let answer = as_user(addr, &expiring, method, path, body).await;
        assert_eq!(answer, not_signed_in(), "{path} expired");
        let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE token_hash = ?1")
            .bind(token_hash(&expiring))
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(kept, 0, "{path}: the expired session is deleted");
    }
    assert_nothing_done(addr, &db).await;
    // The live session was never touched by any of it.
    assert_eq!(as_user(addr, &live, "GET", "/me", None).await.0, 200);
}

/// A session acts for its own user and no one else: there is no route that
/// names an account, and an id in the body is not read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_acts_only_for_its_own_user() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    sign_up(addr, "Grace", GRACE).await;
    let (ada_id, grace_id) = (user_id(&db, "Ada").await, user_id(&db, "Grace").await);
    let ada = sign_in(addr, &gateway, ADA).await;
    let grace = sign_in(addr, &gateway, GRACE).await;
    assert_eq!(
        as_user(addr, &ada, "GET", "/me", None).await.1["name"],
        "Ada"
    );
    assert_eq!(
        as_user(addr, &grace, "GET", "/me", None).await.1["name"],
        "Grace"
    );

    // Ada's session, aimed at Grace: the old routes are gone, and ids in
    // the body are not read.
    let wording = json!({ "wording": "offers-sms-2026-03" });
    for path in [
        format!("/users/{grace_id}/marketing"),
        format!("/users/{grace_id}/advertising"),
        format!("/me/{grace_id}/marketing"),
    ] {
        let answer = as_user(addr, &ada, "POST", &path, Some(&wording)).await;
        assert_eq!(rule(&answer), (404, "no_route", None), "{path}");
    }
    assert_nothing_done(addr, &db).await;
    let aimed = json!({ "wording": "ads-matching-v1", "user": grace_id, "id": grace_id, "user_id": grace_id });
    let (status, body) = as_user(addr, &ada, "POST", "/me/advertising", Some(&aimed)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["phone"], "+44 •••• ••58", "Ada's number");
    let (status, body) = as_user(addr, &ada, "POST", "/me/marketing", Some(&wording)).await;
    assert_eq!(status, 200, "{body}");
    let rows: Vec<(i64, bool, bool)> = sqlx::query_as(
        "SELECT id, marketing_phone IS NOT NULL, advertising_phone IS NOT NULL FROM users ORDER BY id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(rows, [(ada_id, true, true), (grace_id, false, false)]);
    let ledger = ledger_of(addr);
    let of = |id: i64| {
        let subject = Subject::new(&format!("user-{id}")).unwrap();
        ledger
            .history(&subject)
            .unwrap()
            .iter()
            .map(|e| e.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(of(ada_id), [EventKind::Given, EventKind::Given]);
    assert_eq!(of(grace_id), []);

    // Grace's opt-outs withdraw nothing of Ada's.
    for path in ["/me/marketing", "/me/advertising"] {
        let answer = as_user(addr, &grace, "DELETE", path, None).await;
        assert_eq!(answer, (200, json!({ "withdrawn": 0, "erased": 0 })));
    }
    let (_, body) = as_operator(
        addr,
        "POST",
        "/newsletter",
        Some(json!({ "text": "March offers" })),
    )
    .await;
    assert_eq!(body, json!({ "sent": 1, "refused": 0 }));
    assert_eq!(gateway.sent().last().unwrap().to, "+442079460958");
    let (_, body) = as_operator(addr, "GET", "/audience", None).await;
    assert_eq!(body["keys"], 1);
}

/// Sign-out revokes that session, and only that one: its token opens
/// nothing afterwards, the row is gone, the cookie is cleared, and the
/// same user's other session still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_revokes_the_session() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let laptop = sign_in(addr, &gateway, ADA).await;
    let phone = sign_in(addr, &gateway, ADA).await;
    assert_ne!(laptop, phone);

    let headers = [SAME_SITE, ("Cookie", &cookie(&laptop))];
    let reply = exchange(addr, "POST", "/signout", &headers, b"").await;
    assert_eq!(
        (reply.status, &reply.body),
        (200, &json!({ "signed_out": true }))
    );
    assert_eq!(
        reply.header("set-cookie"),
        ["__Host-session=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"]
    );
    for (method, path, body) in user_routes() {
        let answer = as_user(addr, &laptop, method, path, body.as_ref()).await;
        assert_eq!(answer, not_signed_in(), "{path}");
    }
    let hashes: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(hashes, [token_hash(&phone)]);
    assert_eq!(as_user(addr, &phone, "GET", "/me", None).await.0, 200);
}

/// The session cookie: a 256-bit token as 64 hex digits, `__Host-` (so no
/// `Domain`), `Secure`, `HttpOnly`, `SameSite=Strict`, `Path=/`, expiring;
/// the database keeps only its SHA-256, with the same expiry; each sign-in
/// draws a new one; the answer is not cached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_secure_http_only_strict_and_stored_hashed() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let reply = verify_code(addr, &gateway, ADA).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.header("cache-control"), ["no-store"]);
    let [set_cookie] = reply.header("set-cookie")[..] else {
        panic!("{reply:?}");
    };
    let mut parts = set_cookie.split("; ");
    let token = parts
        .next()
        .unwrap()
        .strip_prefix("__Host-session=")
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 64, "{token}");
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "{token}"
    );
    let mut attributes: Vec<&str> = parts.collect();
    attributes.sort_unstable();
    assert_eq!(
        attributes,
        [
            "HttpOnly",
            "Max-Age=43200",
            "Path=/",
            "SameSite=Strict",
            "Secure"
        ]
    );

    let rows: Vec<(Vec<u8>, i64)> = sqlx::query_as("SELECT token_hash, expires FROM sessions")
        .fetch_all(&db)
        .await
        .unwrap();
    let [(hash, expires)] = &rows[..] else {
        panic!("{rows:?}");
    };
    assert_eq!(*hash, token_hash(&token));
    let expected = unix_now() + 43_200;
    assert!(
        (expected - 5..=expected).contains(expires),
        "{expires} vs {expected}"
    );

    let again = sign_in(addr, &gateway, ADA).await;
    assert_ne!(again, token);
    assert_eq!(as_user(addr, &token, "GET", "/me", None).await.0, 200);
    assert_eq!(as_user(addr, &again, "GET", "/me", None).await.0, 200);
}

/// The refusal of a request another site may have started.
fn cross_site() -> (u16, Value) {
    (
        403,
        json!({ "error": {
            "rule": "cross_site_request",
            "message": "a request that changes state must come from this site, with an `X-Requested-With` header",
        } }),
    )
}

/// Every request that changes state, with a live session cookie (as a
/// browser would attach it), is refused without `X-Requested-With` or
/// when the browser says another site started it; nothing is done. With
/// the header, from the same origin or typed by the user, it goes through;
/// reading needs no header.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_requests_are_refused() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let ada = sign_in(addr, &gateway, ADA).await;
    let session = cookie(&ada);
    let bearer = format!("Bearer {OPERATOR}");
    let sent = gateway.sent().len();
    let forms = [
        (
            "POST",
            "/signup",
            json!({ "name": "Eve", "phone": GRACE, "recovery_email": "e@example.com" }),
        ),
        ("POST", "/signin", json!({ "phone": ADA })),
        (
            "POST",
            "/signin/verify",
            json!({ "phone": ADA, "code": "123456" }),
        ),
        ("POST", "/signout", json!({})),
        (
            "POST",
            "/me/marketing",
            json!({ "wording": "offers-sms-2026-03" }),
        ),
        ("DELETE", "/me/marketing", json!({})),
        (
            "POST",
            "/me/advertising",
            json!({ "wording": "ads-matching-v1" }),
        ),
        ("DELETE", "/me/advertising", json!({})),
        ("POST", "/newsletter", json!({ "text": "March offers" })),
        ("PUT", "/me", json!({})),
    ];
    for (method, path, form) in &forms {
        let form = form.to_string();
        let common = [
            ("Content-Type", "application/json"),
            ("Cookie", session.as_str()),
            ("Authorization", bearer.as_str()),
        ];
        let mut attempts = vec![common.to_vec()];
        for site in ["cross-site", "same-site", "Same-Origin", ""] {
            let mut headers = common.to_vec();
            headers.extend([SAME_SITE, ("Sec-Fetch-Site", site)]);
            attempts.push(headers);
        }
        for headers in attempts {
            let answer = exchange(addr, method, path, &headers, form.as_bytes()).await;
            assert_eq!(
                <(u16, Value)>::from(answer),
                cross_site(),
                "{method} {path} {headers:?}"
            );
        }
    }
    assert_nothing_done(addr, &db).await;
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(users, 1, "no sign-up");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(gateway.sent().len(), sent, "no code, no newsletter");
    assert_eq!(
        as_user(addr, &ada, "GET", "/me", None).await.0,
        200,
        "not signed out"
    );

    // From the same origin, or typed by the user, with the header: done.
    let wording = json!({ "wording": "offers-sms-2026-03" }).to_string();
    for site in ["same-origin", "none"] {
        let headers = [
            SAME_SITE,
            ("Sec-Fetch-Site", site),
            ("Content-Type", "application/json"),
            ("Cookie", session.as_str()),
        ];
        let answer = exchange(addr, "POST", "/me/marketing", &headers, wording.as_bytes()).await;
        assert_eq!(answer.status, 200, "{site}: {answer:?}");
    }
    // Reading changes nothing and needs no header.
    let headers = [
        ("Cookie", session.as_str()),
        ("Sec-Fetch-Site", "cross-site"),
    ];
    let answer = exchange(addr, "GET", "/me", &headers, b"").await;
    assert_eq!(
        (answer.status, &answer.body["marketing"]),
        (200, &json!(true))
    );
}

/// The operator's routes take the operator's token, and nothing else: not
/// a user's session, not another token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_routes_take_the_operator_token() {
    let (addr, gateway, _db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let ada = sign_in(addr, &gateway, ADA).await;
    let newsletter = json!({ "text": "March offers" });
    let wrong = format!("Bearer {OPERATOR}x");
    let short = format!("Bearer {}", &OPERATOR[1..]);
    let basic = format!("Basic {OPERATOR}");
    let session = cookie(&ada);
    for (method, path) in [
        ("POST", "/newsletter"),
        ("GET", "/audience"),
        ("GET", "/audit"),
    ] {
        for credential in [
            None,
            Some(("Cookie", session.as_str())),
            Some(("Authorization", wrong.as_str())),
            Some(("Authorization", short.as_str())),
            Some(("Authorization", basic.as_str())),
            Some(("Authorization", OPERATOR)),
        ] {
            let mut headers = vec![SAME_SITE, ("Content-Type", "application/json")];
            headers.extend(credential);
            let answer = exchange(
                addr,
                method,
                path,
                &headers,
                newsletter.to_string().as_bytes(),
            )
            .await;
            assert_eq!(
                rule(&answer.into()),
                (401, "operator_only", None),
                "{path} {credential:?}"
            );
        }
        let (status, body) = as_operator(addr, method, path, Some(newsletter.clone())).await;
        assert_eq!(status, 200, "{body}");
        // The scheme's name is case-insensitive.
        let lowercase = format!("bearer {OPERATOR}");
        let headers = [SAME_SITE, ("Authorization", lowercase.as_str())];
        let answer = exchange(addr, method, path, &headers, b"").await;
        assert_ne!(answer.status, 401, "{answer:?}");
    }
}

/// Sign-in finds an account by its phone's lookup key under any key of the
/// ring: after a rotation, an account made under the former primary still
/// signs in and still refuses a second sign-up of its number (which the
/// unique index alone, under the new key, would not see); signing in moves
/// it to the new primary's key, so it is still found once the ring no
/// longer has the old key, while an account that was not moved is not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_finds_accounts_by_lookup_key_across_a_rotation() {
    let gateway = ConsoleGateway::default();
    let db = database().await.unwrap();
    let before = serve(
        db.clone(),
        Keyring::new(1, &mut [0x5e; 32]),
        gateway.clone(),
    )
    .await;
    sign_up(before, "Ada", ADA).await;
    sign_up(before, "Grace", GRACE).await;
    let lookup_keys = || async {
        let keys: Vec<i64> = sqlx::query_scalar("SELECT phone_lookup_key FROM users ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
        keys
    };
    assert_eq!(lookup_keys().await, [1, 1]);

    let mut rotated = Keyring::new(1, &mut [0x5e; 32]);
    rotated.rotate(2, &mut [0xa7; 32]).unwrap();
    let after = serve(db.clone(), rotated, gateway.clone()).await;
    let again =
        json!({ "name": "Eve", "phone": "+442079460958", "recovery_email": "e@example.com" });
    let answer = post(after, "/signup", again).await;
    assert_eq!(rule(&answer), (409, "already_registered", None));
    let ada = sign_in(after, &gateway, ADA).await;
    assert_eq!(
        as_user(after, &ada, "GET", "/me", None).await.1["name"],
        "Ada"
    );
    assert_eq!(lookup_keys().await, [2, 1], "Ada's account moved to key 2");

    let only_new = serve(
        db.clone(),
        Keyring::new(2, &mut [0xa7; 32]),
        gateway.clone(),
    )
    .await;
    sign_in(only_new, &gateway, ADA).await;
    let sent = gateway.sent().len();
    assert_eq!(
        post(only_new, "/signin", json!({ "phone": GRACE })).await.0,
        202
    );
    let answer = post(
        only_new,
        "/signin/verify",
        json!({ "phone": GRACE, "code": "123456" }),
    )
    .await;
    assert_eq!(answer, refusal());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        gateway.sent().len(),
        sent,
        "Grace, still under key 1, is not found"
    );
}

/// The Content-Security-Policy every page carries.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
                        form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/// A page's HTML, after checking the headers every page carries.
fn html(reply: &Reply) -> &str {
    assert_eq!(
        reply.header("content-type"),
        ["text/html; charset=utf-8"],
        "{reply:?}"
    );
    assert_eq!(reply.header("content-security-policy"), [PAGE_CSP]);
    assert_eq!(reply.header("cache-control"), ["no-store"]);
    assert_eq!(reply.header("x-content-type-options"), ["nosniff"]);
    assert_eq!(reply.header("referrer-policy"), ["no-referrer"]);
    let Value::String(html) = &reply.body else {
        panic!("{reply:?}");
    };
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    // No inline script: the page's one script is its own route's.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(html.contains("<script src=\"/page.js\" defer></script>"));
    html
}

/// What `html` holds between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let (_, after) = html
        .split_once(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    after.split_once(end).unwrap().0
}

/// HTML text read back as the browser shows it (the references the pages
/// write).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A page, as a browser asks for it: a `GET` with these cookies.
async fn get_page(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Reply {
    let headers: Vec<_> = cookie
        .map(|cookie| ("Cookie", cookie))
        .into_iter()
        .collect();
    exchange(addr, "GET", path, &headers, b"").await
}

/// The page's refusal, with its rule.
fn page_refusal(reply: &Reply) -> (u16, &str) {
    let html = html(reply);
    (
        reply.status,
        between(html, "<p id=\"error\" data-rule=\"", "\""),
    )
}

/// The consent page needs a live session, and refuses alike every request
/// without one: none, forged, malformed, under another name, expired (and
/// deleted), signed out. The refusal is HTML with the API's rule and
/// message, links to the sign-in page, and carries the pages' headers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_consent_page_needs_a_live_session() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let live = sign_in(addr, &gateway, ADA).await;
    let expiring = sign_in(addr, &gateway, ADA).await;
    sqlx::query("UPDATE sessions SET expires = ?1 WHERE token_hash = ?2")
        .bind(unix_now() - 1)
        .bind(token_hash(&expiring))
        .execute(&db)
        .await
        .unwrap();
    let signed_out = sign_in(addr, &gateway, ADA).await;
    assert_eq!(
        as_user(addr, &signed_out, "POST", "/signout", None).await.0,
        200
    );
    let anonymous = get_page(addr, "/consent", None).await;
    assert_eq!(page_refusal(&anonymous), (401, "not_signed_in"));
    let refused = html(&anonymous).to_owned();
    assert!(refused.contains("sign in first: this endpoint acts for the signed-in user"));
    assert!(refused.contains("<a id=\"sign-in\" href=\"/signin\">"));
    for cookie in [
        cookie(&"5e".repeat(32)),
        cookie(&live[1..]),
        format!("session={live}"),
        format!("__Host-operator={live}"),
        cookie(&expiring),
        cookie(&signed_out),
    ] {
        let reply = get_page(addr, "/consent", Some(&cookie)).await;
        assert_eq!(reply.status, 401, "{cookie}");
        assert_eq!(html(&reply), refused, "{cookie}");
    }
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE token_hash = ?1")
        .bind(token_hash(&expiring))
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(kept, 0, "the expired session is deleted");
    assert_nothing_done(addr, &db).await;
    let reply = get_page(addr, "/consent", Some(&cookie(&live))).await;
    assert_eq!(reply.status, 200, "{reply:?}");
}

/// The consent page shows each notice's text and the SHA-256 of exactly
/// that text; agreeing with the id it shows records that hash in the
/// ledger, which the page then shows in the user's history, with the
/// consent given and a button to withdraw it; the withdrawal shows too.
/// The page shows the user's own events only, and no raw identifier.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_consent_page_shows_the_wording_the_ledger_hashes() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    sign_up(addr, "Grace", GRACE).await;
    let (ada_id, grace_id) = (user_id(&db, "Ada").await, user_id(&db, "Grace").await);
    let ada = sign_in(addr, &gateway, ADA).await;
    let grace = sign_in(addr, &gateway, GRACE).await;
    // Grace's consents, which Ada's page must not show.
    for path in ["/me/advertising", "/me/marketing"] {
        let wording = if path == "/me/marketing" {
            "offers-sms-2026-03"
        } else {
            "ads-matching-v1"
        };
        let (status, body) = as_user(
            addr,
            &grace,
            "POST",
            path,
            Some(&json!({ "wording": wording })),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }

    let reply = get_page(addr, "/consent", Some(&cookie(&ada))).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let page = html(&reply).to_owned();
    assert!(page.contains("<p id=\"no-history\">"), "{page}");
    assert!(
        page.contains("<span id=\"phone\">+44 •••• ••58</span>"),
        "{page}"
    );
    let mut shown = Vec::new();
    for tag in ["marketing", "advertising"] {
        let text = unescape(between(
            &page,
            &format!("<blockquote id=\"{tag}-notice\">"),
            "</blockquote>",
        ));
        let id = between(&page, &format!("<code id=\"{tag}-notice-id\">"), "</code>");
        let sha256 = between(
            &page,
            &format!("<code id=\"{tag}-notice-sha256\">"),
            "</code>",
        );
        assert_eq!(sha256, hex(&Sha256::digest(text.as_bytes())), "{tag}");
        assert_eq!(
            between(&page, &format!("<span id=\"{tag}-state\">"), "</span>"),
            "not given"
        );
        let button = between(&page, &format!("<button id=\"{tag}-give\""), ">");
        assert!(
            button.contains(&format!("data-path=\"/me/{tag}\" data-wording=\"{id}\"")),
            "{button}"
        );
        shown.push((tag, id.to_owned(), sha256.to_owned()));
    }
    assert_eq!(shown[0].1, "offers-sms-2026-03");
    assert_eq!(shown[1].1, "ads-matching-v1");

    // Agreeing, as the page's button does, with the id it shows.
    let (tag, id, sha256) = &shown[0];
    let wording = json!({ "wording": id });
    let (status, body) = as_user(addr, &ada, "POST", "/me/marketing", Some(&wording)).await;
    assert_eq!(status, 200, "{body}");
    let consent = body["consent"].as_u64().unwrap();
    let subject = |id: i64| Subject::new(&format!("user-{id}")).unwrap();
    let history = ledger_of(addr).history(&subject(ada_id)).unwrap();
    let [given] = &history[..] else {
        panic!("{history:?}");
    };
    assert_eq!(
        (given.kind, given.purpose.as_str(), given.consent.get()),
        (EventKind::Given, *tag, consent)
    );
    assert_eq!(given.fields.notice.as_deref(), Some(id.as_str()));
    assert_eq!(given.fields.notice_sha256.as_deref(), Some(sha256.as_str()));

    let reply = get_page(addr, "/consent", Some(&cookie(&ada))).await;
    let page = html(&reply).to_owned();
    assert_eq!(
        between(&page, "<span id=\"marketing-state\">", "</span>"),
        format!("given (consent {consent})")
    );
    assert!(page.contains("<button id=\"marketing-withdraw\""), "{page}");
    assert!(page.contains("<button id=\"advertising-give\""), "{page}");
    let rows = between(&page, "<tbody>", "</tbody>");
    assert_eq!(rows.matches("<tr").count(), 1, "Ada's one event: {rows}");
    let row = between(
        rows,
        "<tr data-purpose=\"marketing\" data-kind=\"given\">",
        "</tr>",
    );
    assert!(row.contains(&format!("<td class=\"consent\">{consent}</td>")));
    assert!(row.contains(&format!("<td class=\"notice-id\">{id}</td>")));
    assert!(row.contains(&format!(
        "<td class=\"notice-sha256\"><code>{sha256}</code>"
    )));
    let at = utc_of(given.at.as_secs());
    assert!(row.contains(&format!("<time>{at}</time>")), "{row} {at}");

    // Withdrawing shows in the history, and the page offers to agree again.
    let answer = as_user(addr, &ada, "DELETE", "/me/marketing", None).await;
    assert_eq!(answer, (200, json!({ "withdrawn": 1, "erased": 1 })));
    let reply = get_page(addr, "/consent", Some(&cookie(&ada))).await;
    let page = html(&reply).to_owned();
    let rows = between(&page, "<tbody>", "</tbody>");
    let kinds: Vec<&str> = rows
        .split("data-kind=\"")
        .skip(1)
        .map(|rest| rest.split_once('"').unwrap().0)
        .collect();
    assert_eq!(kinds, ["given", "withdrawn"]);
    assert_eq!(
        between(&page, "<span id=\"marketing-state\">", "</span>"),
        "not given"
    );
    // Ada's page has none of Grace's events (three of hers are in the
    // ledger), nor a raw number or address.
    assert_eq!(
        ledger_of(addr).history(&subject(grace_id)).unwrap().len(),
        2
    );
    assert_eq!(rows.matches("<tr").count(), 2, "{rows}");
    for raw in ["2079460958", "7946", "example.com", "user-"] {
        assert!(!page.contains(raw), "{raw} in {page}");
    }
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Seconds since the Unix epoch as the pages show them, counted day by
/// day from 1970 (slow and plain, unlike the service's).
fn utc_of(seconds: u64) -> String {
    let (mut days, time) = (seconds / 86_400, seconds % 86_400);
    let mut year = 1970;
    loop {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let length = if leap { 366 } else { 365 };
        if days < length {
            let mut month = 1;
            for month_days in [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ] {
                if days < month_days {
                    break;
                }
                days -= month_days;
                month += 1;
            }
            return format!(
                "{year:04}-{month:02}-{:02}T{:02}:{:02}:{:02}Z",
                days + 1,
                time / 3_600,
                time / 60 % 60,
                time % 60
            );
        }
        days -= length;
        year += 1;
    }
}

/// An opt-in must name the notice the service shows now; any other id is
/// refused, and nothing is recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opt_in_must_name_the_notice_shown() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let ada = sign_in(addr, &gateway, ADA).await;
    for (path, wording) in [
        ("/me/marketing", "offers-sms-2026-02"),
        ("/me/marketing", "ads-matching-v1"),
        ("/me/advertising", "offers-sms-2026-03"),
        ("/me/advertising", "ADS-MATCHING-V1"),
    ] {
        let answer = as_user(
            addr,
            &ada,
            "POST",
            path,
            Some(&json!({ "wording": wording })),
        )
        .await;
        assert_eq!(
            rule(&answer),
            (422, "unknown_notice", Some("wording")),
            "{path} {wording}"
        );
    }
    assert_nothing_done(addr, &db).await;
}

/// What a page shows is escaped: a name with markup in it reads as text,
/// and so do an audit line's values.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_escape_what_they_show() {
    let (addr, gateway, _db) = start().await;
    let name = "<script>alert(\"x\")</script> & 'Ada'";
    let form = json!({ "name": name, "phone": ADA, "recovery_email": "a@example.com" });
    assert_eq!(post(addr, "/signup", form).await.0, 201);
    let ada = sign_in(addr, &gateway, ADA).await;
    let reply = get_page(addr, "/consent", Some(&cookie(&ada))).await;
    let page = html(&reply);
    assert!(
        page.contains(
            "<span id=\"name\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Ada&#39;</span>"
        ),
        "{page}"
    );
    assert!(!page.contains("alert(\""), "{page}");

    records_of(addr)
        .append_audit(&[purpose_bound_store::AuditRow {
            at: 1_000_000,
            subject: Some([7; 16]),
            purpose: "marketing".into(),
            capability: Some("send_marketing".into()),
            via: "<img src=x onerror=alert(1)>".into(),
            consent: Some(1),
            outcome: "refused".into(),
            reason: Some("\"withdrawn\"&'<b>'".into()),
        }])
        .unwrap();
    let operator = operator_cookie(addr).await;
    let reply = get_page(addr, "/audit/page", Some(&operator)).await;
    let page = html(&reply);
    assert!(
        page.contains("<td class=\"via\">&lt;img src=x onerror=alert(1)&gt;</td>"),
        "{page}"
    );
    assert!(page.contains("&quot;withdrawn&quot;&amp;&#39;&lt;b&gt;&#39;"));
    assert!(!page.contains("<img") && !page.contains("<b>"), "{page}");
}

/// Signs the operator in on the operator's page: the `Cookie` header of
/// the operator session.
async fn operator_cookie(addr: SocketAddr) -> String {
    let form = json!({ "token": OPERATOR }).to_string();
    let headers = [SAME_SITE, ("Content-Type", "application/json")];
    let reply = exchange(addr, "POST", "/operator/signin", &headers, form.as_bytes()).await;
    assert_eq!(
        (reply.status, &reply.body),
        (200, &json!({ "signed_in": true }))
    );
    let [set_cookie] = reply.header("set-cookie")[..] else {
        panic!("{reply:?}");
    };
    set_cookie.split_once(';').unwrap().0.to_owned()
}

/// The report page is the operator's: it takes the operator session the
/// operator's token opens on the sign-in page, and nothing else (not the
/// bearer token, which a page cannot send, not a user's session, not a
/// forged, expired or signed-out one), refusing alike. The token is posted
/// once, from this site; the cookie is `__Host-`, `Secure`, `HttpOnly`,
/// `SameSite=Strict` and stored as its SHA-256. The page shows the audit's
/// report, line for line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_page_is_the_operators() {
    let (addr, gateway, db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let ada = sign_in(addr, &gateway, ADA).await;

    // Signing in: a wrong token, or one posted without the header, opens
    // nothing.
    let headers = [SAME_SITE, ("Content-Type", "application/json")];
    for token in [
        format!("{OPERATOR}x"),
        OPERATOR[1..].to_owned(),
        String::new(),
    ] {
        let form = json!({ "token": token }).to_string();
        let reply = exchange(addr, "POST", "/operator/signin", &headers, form.as_bytes()).await;
        assert_eq!(rule(&reply.into()), (401, "operator_only", None));
    }
    let form = json!({ "token": OPERATOR }).to_string();
    let reply = exchange(
        addr,
        "POST",
        "/operator/signin",
        &[("Content-Type", "application/json")],
        form.as_bytes(),
    )
    .await;
    assert_eq!(<(u16, Value)>::from(reply), cross_site());
    let sessions = || async {
        let hashes: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM operator_sessions")
            .fetch_all(&db)
            .await
            .unwrap();
        hashes
    };
    assert!(sessions().await.is_empty());

    let reply = exchange(addr, "POST", "/operator/signin", &headers, form.as_bytes()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.header("cache-control"), ["no-store"]);
    let [set_cookie] = reply.header("set-cookie")[..] else {
        panic!("{reply:?}");
    };
    let mut parts = set_cookie.split("; ");
    let operator = parts.next().unwrap().to_owned();
    let token = operator
        .strip_prefix("__Host-operator=")
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 64);
    let mut attributes: Vec<&str> = parts.collect();
    attributes.sort_unstable();
    assert_eq!(
        attributes,
        [
            "HttpOnly",
            "Max-Age=3600",
            "Path=/",
            "SameSite=Strict",
            "Secure"
        ]
    );
    assert_eq!(sessions().await, [token_hash(&token)]);

    // Without a live operator session, one refusal.
    let bearer = format!("Bearer {OPERATOR}");
    let refused = get_page(addr, "/audit/page", None).await;
    assert_eq!(page_refusal(&refused), (401, "operator_only"));
    let refused = html(&refused).to_owned();
    assert!(refused.contains("<a id=\"sign-in\" href=\"/operator/signin\">"));
    let (user, forged) = (cookie(&ada), format!("__Host-operator={}", "5e".repeat(32)));
    let (renamed, unprefixed) = (
        format!("__Host-session={token}"),
        format!("operator={token}"),
    );
    for header in [
        ("Authorization", bearer.as_str()),
        ("Cookie", user.as_str()),
        ("Cookie", forged.as_str()),
        ("Cookie", renamed.as_str()),
        ("Cookie", unprefixed.as_str()),
    ] {
        let headers = [header];
        let reply = exchange(addr, "GET", "/audit/page", &headers, b"").await;
        assert_eq!(reply.status, 401, "{headers:?}");
        assert_eq!(html(&reply), refused, "{headers:?}");
    }
    // Nor does the operator's cookie open the JSON routes: they take the
    // bearer token.
    let reply = exchange(addr, "GET", "/audit", &[("Cookie", &operator)], b"").await;
    assert_eq!(rule(&reply.into()), (401, "operator_only", None));

    // With it, the report: the audit's lines, as the JSON route has them.
    let reply = get_page(addr, "/audit/page", Some(&operator)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(html(&reply).contains("<p id=\"no-uses\">"));
    let row = |at, subject, via: &str, outcome: &str, reason: Option<&str>| {
        purpose_bound_store::AuditRow {
            at,
            subject: Some([subject; 16]),
            purpose: "marketing".into(),
            capability: Some("send_marketing".into()),
            via: via.into(),
            consent: Some(1),
            outcome: outcome.into(),
            reason: reason.map(Into::into),
        }
    };
    records_of(addr)
        .append_audit(&[
            row(1_000_000, 1, "sms", "handed_over", None),
            row(2_000_000, 2, "sms", "handed_over", None),
            row(3_000_000, 1, "sms", "handed_over", None),
            row(4_000_000, 3, "sms", "refused", Some("withdrawn")),
        ])
        .unwrap();
    let reply = get_page(addr, "/audit/page", Some(&operator)).await;
    let page = html(&reply).to_owned();
    let (_, json) = as_operator(addr, "GET", "/audit", None).await;
    let lines = json["lines"].as_array().unwrap();
    let table = between(&page, "<table id=\"report\">", "</table>");
    let shown: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(shown.len(), lines.len(), "{table}");
    for (row, line) in shown.iter().zip(lines) {
        for (class, value) in [
            ("purpose", line["purpose"].as_str().unwrap().to_owned()),
            ("via", line["via"].as_str().unwrap().to_owned()),
            ("outcome", line["outcome"].as_str().unwrap().to_owned()),
            ("reason", line["reason"].as_str().unwrap_or("").to_owned()),
            ("subjects", line["subjects"].to_string()),
            ("uses", line["uses"].to_string()),
        ] {
            assert!(
                row.contains(&format!("<td class=\"{class}\">{value}</td>")),
                "{class} {value} in {row}"
            );
        }
    }
    assert!(table.contains(
        "<td class=\"outcome\">handed_over</td><td class=\"reason\"></td><td class=\"subjects\">2</td><td class=\"uses\">3</td>"
    ), "{table}");
    let refusals = between(&page, "<table id=\"refusals\">", "</table>");
    assert!(refusals.contains("<td class=\"reason\">withdrawn</td><td class=\"uses\">1</td>"));

    // An expired session, then a signed-out one, is refused again.
    let other = operator_cookie(addr).await;
    sqlx::query("UPDATE operator_sessions SET expires = ?1 WHERE token_hash = ?2")
        .bind(unix_now() - 1)
        .bind(token_hash(&token))
        .execute(&db)
        .await
        .unwrap();
    let reply = get_page(addr, "/audit/page", Some(&operator)).await;
    assert_eq!(page_refusal(&reply), (401, "operator_only"));
    let reply = exchange(
        addr,
        "POST",
        "/operator/signout",
        &[SAME_SITE, ("Cookie", &other)],
        b"",
    )
    .await;
    assert_eq!(
        (reply.status, &reply.body),
        (200, &json!({ "signed_out": true }))
    );
    assert_eq!(
        reply.header("set-cookie"),
        ["__Host-operator=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"]
    );
    let reply = get_page(addr, "/audit/page", Some(&other)).await;
    assert_eq!(page_refusal(&reply), (401, "operator_only"));
}

/// Every page carries the pages' headers, its Content-Security-Policy
/// first; the script is served as JavaScript, and is the only one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_carries_a_strict_content_security_policy() {
    let (addr, gateway, _db) = start().await;
    sign_up(addr, "Ada", ADA).await;
    let ada = cookie(&sign_in(addr, &gateway, ADA).await);
    let operator = operator_cookie(addr).await;
    for (path, cookie, status) in [
        ("/signin", None, 200),
        ("/operator/signin", None, 200),
        ("/consent", Some(ada.as_str()), 200),
        ("/consent", None, 401),
        ("/audit/page", Some(operator.as_str()), 200),
        ("/audit/page", None, 401),
    ] {
        let reply = get_page(addr, path, cookie).await;
        assert_eq!(reply.status, status, "{path}");
        let page = html(&reply);
        assert!(
            !page.contains(" style=") && !page.contains("<style"),
            "{path}"
        );
        let handlers = page.split(" on").skip(1).filter(|after| {
            let name: String = after.chars().take_while(char::is_ascii_lowercase).collect();
            after[name.len()..].starts_with('=')
        });
        assert_eq!(handlers.count(), 0, "no inline handler on {path}");
    }
    let reply = get_page(addr, "/page.js", None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        ["text/javascript; charset=utf-8"]
    );
    assert_eq!(reply.header("x-content-type-options"), ["nosniff"]);
    let Value::String(script) = &reply.body else {
        panic!("{reply:?}");
    };
    assert!(script.contains("\"X-Requested-With\""), "{script}");
    assert!(
        !script.contains("innerHTML"),
        "refusals are written as text"
    );
}
