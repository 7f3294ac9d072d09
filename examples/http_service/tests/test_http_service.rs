//! The HTTP account service example, started on 127.0.0.1:0 and driven
//! over loopback through every endpoint: sign-up, sign-in with a one-time
//! code and its stored challenge, marketing and advertising opt-in and opt-out, the newsletter and
//! the audience export. The gateway gets exactly the messages each purpose
//! allows, and the database holds no raw number or address.

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

use http_service::{ConsoleGateway, app, database};
use purpose_bound::Keyring;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One HTTP/1.1 request over loopback: the status and the JSON body.
async fn request(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|body| body.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or(Value::String(body.to_owned()));
    (status, body)
}

async fn post(addr: SocketAddr, path: &str, body: Value) -> (u16, Value) {
    request(addr, "POST", path, Some(body)).await
}

const ADA: &str = "+44 20 7946 0958";
const GRACE: &str = "+44 20 7946 0321";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_over_loopback() {
    let db = database().await.unwrap();
    let gateway = ConsoleGateway::default();
    let service = app(
        db.clone(),
        Keyring::new(1, &mut [0x5e; 32]),
        gateway.clone(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });

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
    let (status, body) = post(addr, "/signin", json!({ "phone": typed })).await;
    assert_eq!((status, body), (202, json!({ "sent": true })));
    let code = gateway
        .sent()
        .last()
        .unwrap()
        .text
        .rsplit(' ')
        .next()
        .unwrap()
        .to_owned();
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
    // An unknown number gets the same answer, and no message.
    let before = gateway.sent().len();
    let (status, _) = post(addr, "/signin", json!({ "phone": "+1 415 555 2671" })).await;
    assert_eq!((status, gateway.sent().len()), (202, before));
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

    // The gateway got exactly: a welcome notice per user, one newsletter.
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
