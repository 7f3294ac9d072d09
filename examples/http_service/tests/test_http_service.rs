//! The HTTP account service example, started on 127.0.0.1:0 and driven
//! over loopback through every endpoint: sign-up, sign-in with a one-time
//! code and its stored challenge, marketing and advertising opt-in and opt-out, the newsletter and
//! the audience export. The gateway gets exactly the messages each purpose
//! allows, and the database holds no raw number or address. Then what a
//! penetration test tries: telling registered numbers from others at
//! `/signin/verify`, errors that are not JSON or repeat the input, unknown
//! users, and oversized bodies and fields.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

#[allow(
    unreachable_pub,
    reason = "the example's items are public in its own crate"
)]
#[path = "../src/main.rs"]
mod http_service;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use http_service::{ConsoleGateway, app, database};
use purpose_bound::Keyring;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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

/// One HTTP/1.1 request over loopback: the status and the JSON body.
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

/// One HTTP/1.1 request with any content type and body. A server may answer
/// a body it refuses (too large) before reading it and close: what it
/// answered is kept, and the write's or read's errors after it are not
/// the test's.
async fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> (u16, Value) {
    let content_type = content_type
        .map(|value| format!("Content-Type: {value}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{content_type}\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    let (mut reader, mut writer) = stream.split();
    let write = async {
        let _ = writer.write_all(&request).await;
    };
    let read = async {
        let mut answer = Vec::new();
        let mut chunk = [0; 4096];
        while let Ok(n @ 1..) = reader.read(&mut chunk).await {
            answer.extend_from_slice(&chunk[..n]);
        }
        answer
    };
    let ((), answer) = tokio::join!(write, read);
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or(Value::String(body.to_owned()));
    (status, body)
}

/// The app on a fresh database, served on loopback.
async fn start() -> (SocketAddr, ConsoleGateway, sqlx::SqlitePool) {
    start_with(ConsoleGateway::default()).await
}

async fn start_with(gateway: ConsoleGateway) -> (SocketAddr, ConsoleGateway, sqlx::SqlitePool) {
    let db = database().await.unwrap();
    let service = app(
        db.clone(),
        Keyring::new(1, &mut [0x5e; 32]),
        gateway.clone(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    (addr, gateway, db)
}

async fn post(addr: SocketAddr, path: &str, body: Value) -> (u16, Value) {
    request(addr, "POST", path, Some(body)).await
}

const ADA: &str = "+44 20 7946 0958";
const GRACE: &str = "+44 20 7946 0321";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_over_loopback() {
    let (addr, gateway, db) = start().await;

    // Sign-up, from bare user input.
    let (status, ada) = post(
        addr,
        "/signup",
        json!({ "name": "Ada", "phone": ADA, "recovery_email": " Ada@Example.com " }),
    )
    .await;
    assert_eq!(status, 201, "{ada}");
    let (status, grace) = post(
        addr,
        "/signup",
        json!({ "name": "Grace", "phone": GRACE, "recovery_email": "grace@example.com" }),
    )
    .await;
    assert_eq!(status, 201, "{grace}");
    let (ada, grace) = (ada["id"].as_i64().unwrap(), grace["id"].as_i64().unwrap());

    // The sealed column's unique index sees the same number, however typed.
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
    // right one works once.
    let typed = "+44 (0)20 7946 0958";
    let before = gateway.sent().len();
    let (status, body) = post(addr, "/signin", json!({ "phone": typed })).await;
    assert_eq!((status, body), (202, json!({ "sent": true })));
    let code = code_after(&gateway, before).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let verify = |code: &str| json!({ "phone": typed, "code": code });
    let (status, body) = post(addr, "/signin/verify", verify(wrong)).await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = post(addr, "/signin/verify", verify(&code)).await;
    assert_eq!(
        (status, body),
        (200, json!({ "user": ada, "signed_in": true }))
    );
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

    // Marketing and advertising opt-in adopt the number given at sign-up.
    let (status, body) = post(
        addr,
        &format!("/users/{ada}/marketing"),
        json!({ "wording": "offers-sms-2026-03" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["phone"], "+44 •••• ••58");
    for user in [ada, grace] {
        let (status, body) = post(
            addr,
            &format!("/users/{user}/advertising"),
            json!({ "wording": "ads-matching-v1" }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = post(
        addr,
        "/users/99/marketing",
        json!({ "wording": "offers-sms-2026-03" }),
    )
    .await;
    assert_eq!(status, 404, "{body}");

    let (status, body) = post(addr, "/newsletter", json!({ "text": "March offers" })).await;
    assert_eq!((status, body), (200, json!({ "sent": 1, "refused": 0 })));

    let (status, body) = request(addr, "GET", "/audience", None).await;
    assert_eq!(status, 200);
    assert_eq!((&body["keys"], &body["left_out"]), (&json!(2), &json!(0)));

    // Grace withdraws through another system that records the withdrawal
    // but has not erased the number yet: the export leaves her out.
    sqlx::query(
        "UPDATE consents SET withdrawn = given WHERE user_id = ?1 AND purpose = 'advertising'",
    )
    .bind(grace)
    .execute(&db)
    .await
    .unwrap();
    let (_, body) = request(addr, "GET", "/audience", None).await;
    assert_eq!(
        body,
        json!({ "platform": "Meta", "keys": 1, "left_out": 1, "withdrawn": 1, "expired": 0, "refused": 0 })
    );

    // Opt-out withdraws and erases.
    let (status, body) = request(addr, "DELETE", &format!("/users/{ada}/marketing"), None).await;
    assert_eq!(
        (status, body),
        (200, json!({ "withdrawn": 1, "erased": 1 }))
    );
    let (_, body) = post(addr, "/newsletter", json!({ "text": "April offers" })).await;
    assert_eq!(body, json!({ "sent": 0, "refused": 0 }));
    let (status, body) = request(addr, "DELETE", &format!("/users/{ada}/advertising"), None).await;
    assert_eq!(
        (status, body),
        (200, json!({ "withdrawn": 1, "erased": 1 }))
    );
    let (_, body) = request(addr, "GET", "/audience", None).await;
    assert_eq!((&body["keys"], &body["left_out"]), (&json!(0), &json!(1)));

    // The gateway got exactly: a welcome notice per user, two sign-in
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
            ("sms", "+442079460958".to_owned(), "March offers".to_owned()),
        ]
    );

    // No raw value in any column.
    let rows: Vec<(Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT security_phone, recovery_email FROM users")
            .fetch_all(&db)
            .await
            .unwrap();
    for (phone, email) in rows {
        for column in [phone, email] {
            let text = String::from_utf8_lossy(&column).to_lowercase();
            for raw in ["2079460958", "2079460321", "example.com"] {
                assert!(!text.contains(raw), "{raw} in {text}");
            }
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
            request(addr, "DELETE", "/users/7946/marketing", None).await,
            (404, "no_such_user", None),
        ),
        (
            post(
                addr,
                "/users/7946/marketing",
                json!({ "wording": "offers-v1" }),
            )
            .await,
            (404, "no_such_user", None),
        ),
        (
            request(addr, "DELETE", "/users/a7946/marketing", None).await,
            (400, "invalid_path", Some("id")),
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
    let (status, body) = post(
        addr,
        "/signup",
        json!({ "name": "Ada", "phone": ADA, "recovery_email": "ada@example.com" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let user = body["id"].as_i64().unwrap();
    let kilobytes_100 = "x".repeat(100 * 1024);
    let signup =
        |name: &str| json!({ "name": name, "phone": GRACE, "recovery_email": "g@example.com" });
    let marketing = format!("/users/{user}/marketing");

    // 100 KB in any field: the body is too large.
    for (path, form) in [
        ("/signup", signup(&kilobytes_100)),
        (&*marketing, json!({ "wording": kilobytes_100 })),
        ("/newsletter", json!({ "text": kilobytes_100 })),
        (
            "/signin/verify",
            json!({ "phone": ADA, "code": kilobytes_100 }),
        ),
    ] {
        let answer = post(addr, path, form).await;
        assert_eq!(rule(&answer), (413, "body_too_large", None), "{path}");
    }
    // Within the body limit, each field has its own.
    for (path, form, field) in [
        ("/signup", signup(&"x".repeat(101)), "name"),
        ("/signup", signup(" "), "name"),
        (
            &*marketing,
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
        let answer = post(addr, path, form).await;
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
    let (status, body) = post(addr, &marketing, json!({ "wording": "w".repeat(100) })).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(addr, "/newsletter", json!({ "text": "n".repeat(1_000) })).await;
    assert_eq!((status, body), (200, json!({ "sent": 1, "refused": 0 })));
    assert_eq!(gateway.sent().last().unwrap().text.len(), 1_000);
}
