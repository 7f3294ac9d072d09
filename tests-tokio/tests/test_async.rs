//! Async transports on tokio: every async capability sends through an HTTP
//! client to a gateway stub listening on loopback, from tasks spawned on a
//! multi-threaded runtime (so their futures are `Send`). The stub receives
//! exactly the recipients the capabilities allow, a withdrawn consent sends
//! nothing, and a gateway's error never carries the raw value.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use common::{GIVEN, NOW, Owned, Sent};
use purpose_bound::{
    AccountNotice, AccountRecovery, AsyncReassignedCheck, AsyncTransport, Capability, Channel,
    CheckedSms, Consent, ConsentErrorKind, ConsentId, Device, DynAsyncTransport, EmailAddress,
    Marketing, Message, Notice, OtpCode, PhoneNumber, Reassignment, Recipient, SendError, SendOtp,
    Sms, TwoFactor,
};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the stub received: the path and the JSON body of every request.
type Received = Arc<Mutex<Vec<(String, Value)>>>;

/// A gateway stub on 127.0.0.1: `/sms` and `/mail` accept and record;
/// `/broken` records and answers 500 with the recipient in its body, as
/// real gateways' error pages do.
async fn gateway_stub() -> (SocketAddr, Received) {
    async fn accept(path: &'static str, received: Received, body: Value) -> StatusCode {
        received.lock().unwrap().push((path.to_owned(), body));
        StatusCode::ACCEPTED
    }
    async fn broken(State(received): State<Received>, body: String) -> (StatusCode, String) {
        let value: Value = serde_json::from_str(&body).unwrap();
        let to = value["to"].as_str().unwrap_or_default().to_owned();
        received.lock().unwrap().push(("/broken".to_owned(), value));
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot deliver to {to}"),
        )
    }
    let received = Received::default();
    let app = Router::new()
        .route(
            "/sms",
            post(
                |State(r): State<Received>, axum::Json(body): axum::Json<Value>| {
                    accept("/sms", r, body)
                },
            ),
        )
        .route(
            "/mail",
            post(
                |State(r): State<Received>, axum::Json(body): axum::Json<Value>| {
                    accept("/mail", r, body)
                },
            ),
        )
        .route("/broken", post(broken))
        .with_state(Arc::clone(&received));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, received)
}

/// An SMS or mail provider's HTTP API, called with a hand-written HTTP/1.1
/// client over `tokio::net::TcpStream`: one `POST` per message, JSON body.
struct HttpGateway {
    addr: SocketAddr,
    path: &'static str,
}

/// Why the gateway did not deliver: the status, and the masked recipient
/// for the log. The gateway's body may name the raw recipient; it is not
/// kept.
#[derive(Debug)]
struct GatewayError {
    status: Option<u16>,
    to: String,
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "gateway answered {status} for {}", self.to),
            None => write!(f, "gateway unreachable for {}", self.to),
        }
    }
}

impl std::error::Error for GatewayError {}

impl HttpGateway {
    /// `POST`s `body` and reads the status line of the answer.
    async fn post(&self, body: &Value) -> Option<u16> {
        let body = body.to_string();
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.path,
            self.addr,
            body.len()
        );
        let mut stream = TcpStream::connect(self.addr).await.ok()?;
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.ok()?;
        let answer = String::from_utf8_lossy(&answer);
        answer.split(' ').nth(1)?.parse().ok()
    }
}

impl<C: Channel> AsyncTransport<C> for HttpGateway {
    type Error = GatewayError;

    async fn send(
        &mut self,
        to: Recipient<'_, C>,
        message: Message<'_>,
    ) -> Result<(), GatewayError> {
        let sent = Sent::of(message);
        let body = json!({
            "to": to.expose_secret(),
            "kind": kind(&sent),
            "text": sent.text(),
            "purpose": to.purpose(),
            "consent": to.consent().map(ConsentId::get),
        });
        match self.post(&body).await {
            Some(status) if (200..300).contains(&status) => Ok(()),
            status => Err(GatewayError {
                status,
                to: to.masked().to_string(),
            }),
        }
    }
}

/// Consent `id` to marketing.
fn consent(id: u64) -> Consent<Marketing> {
    common::consent(id)
}

/// The kind of message the gateway's body names.
fn kind(sent: &Sent) -> &'static str {
    match sent {
        Sent::Code(_) => "code",
        Sent::Notice(_) => "notice",
        Sent::Marketing(_) => "promotion",
    }
}

/// Sorted `(path, to, kind, text)` of what the stub received.
fn received(stub: &Received) -> Vec<(String, String, String, String)> {
    let mut seen: Vec<_> = stub
        .lock()
        .unwrap()
        .iter()
        .map(|(path, body)| {
            let field = |name: &str| body[name].as_str().unwrap_or_default().to_owned();
            (path.clone(), field("to"), field("kind"), field("text"))
        })
        .collect();
    seen.sort();
    seen
}

fn row(path: &str, to: &str, kind: &str, text: &str) -> (String, String, String, String) {
    (path.into(), to.into(), kind.into(), text.into())
}

/// Code generic over the capability, as a sign-in service writes it: its
/// future is `Send` too.
async fn sign_in_code<I: SendOtp, T: AsyncTransport<I::Channel> + Send>(
    to: &I,
    via: &mut T,
) -> Result<OtpCode, SendError<T::Error>> {
    let code = OtpCode::generate(8).unwrap();
    to.send_otp_async(via, &code).await?;
    Ok(code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spawned_sends_reach_the_gateway_with_exactly_the_allowed_recipients() {
    let (addr, stub) = gateway_stub().await;
    let sms = move || HttpGateway { addr, path: "/sms" };
    let mail = move || HttpGateway {
        addr,
        path: "/mail",
    };
    let at = NOW;

    let two_factor = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    let recovery = EmailAddress::<AccountRecovery>::parse(" Ada@Example.COM ")
        .unwrap()
        .owned();
    let notice = PhoneNumber::<AccountNotice>::parse("+1 415 555 2671")
        .unwrap()
        .owned();
    let offers = consent(7);
    let marketing = offers.adopt(&recovery).unwrap();
    let mut withdrawn = consent(8);
    let gone = withdrawn.parse_email("grace@example.com").unwrap();
    withdrawn.withdraw(GIVEN);

    let code = OtpCode::generate(6).unwrap();
    let expected_code = code.expose_secret().to_owned();

    // Every send is a task of its own: `tokio::spawn` compiles only for
    // `Send` futures.
    let otp = tokio::spawn(async move { two_factor.send_otp_async(&mut sms(), &code).await });
    let generic = tokio::spawn(async move { sign_in_code(&recovery, &mut mail()).await });
    let alert = tokio::spawn(async move {
        notice
            .send_account_notice_async(
                &mut sms(),
                &Notice::NewSignIn {
                    device: Device::Computer,
                    place: None,
                    at,
                },
            )
            .await
    });
    let promo = tokio::spawn(async move {
        marketing
            .send_marketing_async(&offers, at, &mut mail(), "spring-sale")
            .await
    });
    let refused = tokio::spawn(async move {
        gone.send_marketing_async(&withdrawn, at, &mut mail(), "spring-sale")
            .await
    });

    otp.await.unwrap().unwrap();
    let recovery_code = generic.await.unwrap().unwrap();
    alert.await.unwrap().unwrap();
    promo.await.unwrap().unwrap();
    match refused.await.unwrap() {
        Err(SendError::Consent(err)) => assert_eq!(err.kind(), ConsentErrorKind::Withdrawn),
        other => panic!("a withdrawn consent sent: {other:?}"),
    }

    let seen = received(&stub);
    assert_eq!(
        seen,
        vec![
            row(
                "/mail",
                "Ada@example.com",
                "code",
                recovery_code.expose_secret()
            ),
            row("/mail", "Ada@example.com", "promotion", "spring-sale"),
            row("/sms", "+14155552671", "notice", "new_sign_in"),
            row("/sms", "+442079460958", "code", &expected_code),
        ]
    );
    let consents: Vec<_> = stub
        .lock()
        .unwrap()
        .iter()
        .map(|(_, body)| (body["purpose"].clone(), body["consent"].clone()))
        .filter(|(purpose, _)| purpose == "marketing")
        .collect();
    assert_eq!(consents, vec![(json!("marketing"), json!(7))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_error_names_the_status_and_the_masked_recipient_never_the_raw_value() {
    let (addr, stub) = gateway_stub().await;
    let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    let email = EmailAddress::<AccountNotice>::parse("ada.lovelace@example.com")
        .unwrap()
        .owned();

    let (sms_err, mail_err) = tokio::spawn(async move {
        let mut broken = HttpGateway {
            addr,
            path: "/broken",
        };
        let code = OtpCode::generate(6).unwrap();
        let sms_err = phone.send_otp_async(&mut broken, &code).await.unwrap_err();
        let mail_err = email
            .send_account_notice_async(&mut broken, &Notice::PasswordChanged { at: GIVEN })
            .await
            .unwrap_err();
        let transport = |err| match err {
            SendError::Transport(err) => err,
            other => panic!("not the gateway's error: {other:?}"),
        };
        let (sms_err, mail_err) = (transport(sms_err), transport(mail_err));
        (sms_err, mail_err)
    })
    .await
    .unwrap();

    assert_eq!(sms_err.status, Some(500));
    assert_eq!(
        sms_err.to_string(),
        "gateway answered 500 for +44 •••• ••58"
    );
    assert_eq!(
        mail_err.to_string(),
        "gateway answered 500 for a•••@e•••.com"
    );
    for shown in [
        sms_err.to_string(),
        format!("{sms_err:?}"),
        mail_err.to_string(),
        format!("{mail_err:?}"),
    ] {
        for raw in [
            "+442079460958",
            "442079460958",
            "2079460958",
            "7946",
            "ada.lovelace",
            "example.com",
        ] {
            assert!(!shown.contains(raw), "{raw} in {shown}");
        }
    }
    // The stub did get the raw values: the error dropped them, not the send.
    let to: Vec<_> = received(&stub).into_iter().map(|row| row.1).collect();
    assert_eq!(to, ["+442079460958", "ada.lovelace@example.com"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_gateway_is_a_transport_error() {
    // A port that was just free: nothing listens on it any more.
    let addr = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let offers = consent(9);
    let email = offers.parse_email("ada@example.com").unwrap();
    let mut gateway = HttpGateway {
        addr,
        path: "/mail",
    };
    let err = email
        .send_marketing_async(&offers, GIVEN, &mut gateway, "spring-sale")
        .await
        .unwrap_err();
    match &err {
        SendError::Transport(err) => assert_eq!(err.status, None),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "transport: gateway unreachable for a•••@e•••.com"
    );
}

#[test]
fn the_recipient_a_transport_logs_names_its_channel_type_and_consent() {
    struct Log(Vec<String>);
    impl<C: Channel> AsyncTransport<C> for Log {
        type Error = std::convert::Infallible;
        async fn send(&mut self, to: Recipient<'_, C>, _: Message<'_>) -> Result<(), Self::Error> {
            self.0.push(format!("{to:?}"));
            self.0.push(format!("{:?}", to.to_owned()));
            assert_eq!(to.capability(), Capability::SendMarketing);
            Ok(())
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let offers = consent(7);
    let email = offers.parse_email("ada@example.com").unwrap();
    let phone = offers.parse_phone("+44 20 7946 0958").unwrap();
    let mut log = Log(Vec::new());
    runtime.block_on(async {
        email
            .send_marketing_async(&offers, GIVEN, &mut log, "spring-sale")
            .await
            .unwrap();
        phone
            .send_marketing_async(
                &offers,
                GIVEN,
                &mut CheckedSms::new(&mut log, &mut NoData),
                "spring-sale",
            )
            .await
            .unwrap();
    });
    assert_eq!(
        log.0,
        [
            "Recipient<Mail>(marketing, send_marketing, a•••@e•••.com, consent 7)",
            "OwnedRecipient<Mail>(marketing, send_marketing, a•••@e•••.com, consent 7)",
            "Recipient<Sms>(marketing, send_marketing, +44 •••• ••58, consent 7)",
            "OwnedRecipient<Sms>(marketing, send_marketing, +44 •••• ••58, consent 7)",
        ]
    );
}

/// A second SMS provider, as a service keeps one to fail over to: it keeps
/// what it is asked to send, in the same shape as the stub's rows.
#[derive(Clone, Default)]
struct SecondProvider(Arc<Mutex<Vec<(String, String)>>>);

impl AsyncTransport<Sms> for SecondProvider {
    type Error = GatewayError;

    async fn send(
        &mut self,
        to: Recipient<'_, Sms>,
        message: Message<'_>,
    ) -> Result<(), GatewayError> {
        // Where a real provider awaits its answer.
        tokio::task::yield_now().await;
        let kind = kind(&Sent::of(message));
        self.0
            .lock()
            .unwrap()
            .push((to.expose_secret().to_owned(), kind.to_owned()));
        Ok(())
    }
}

/// The SMS provider the configuration names, chosen at run time.
fn sms_provider(
    name: &str,
    addr: SocketAddr,
    second: &SecondProvider,
) -> Box<dyn DynAsyncTransport<Sms, Error = GatewayError>> {
    match name {
        "http" => Box::new(HttpGateway { addr, path: "/sms" }),
        _ => Box::new(second.clone()),
    }
}

/// A reassigned-number check that knows no number: a send goes on its
/// consent alone.
struct NoData;
impl AsyncReassignedCheck for NoData {
    type Error = std::convert::Infallible;
    async fn check(
        &mut self,
        _: Recipient<'_, Sms>,
        _: std::time::Duration,
    ) -> Result<Reassignment, Self::Error> {
        Ok(Reassignment::NoData)
    }
}

/// Every async capability sends through a gateway chosen at run time, held
/// as a `Box<dyn DynAsyncTransport<Sms, Error = _>>`, by `&mut` to the box
/// and by `&mut dyn`, from spawned tasks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_chosen_at_run_time_sends_every_capability() {
    let (addr, stub) = gateway_stub().await;
    let second = SecondProvider::default();
    for name in ["http", "second"] {
        let mut sms = sms_provider(name, addr, &second);
        let offers = consent(7);
        let two_factor = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")
            .unwrap()
            .owned();
        let alerts = PhoneNumber::<AccountNotice>::parse("+1 415 555 2671")
            .unwrap()
            .owned();
        let marketing = offers.parse_phone("+44 20 7946 0321").unwrap();
        let at = NOW;
        tokio::spawn(async move {
            let code = OtpCode::generate(6).unwrap();
            two_factor.send_otp_async(&mut sms, &code).await.unwrap();
            let dynamic: &mut dyn DynAsyncTransport<Sms, Error = GatewayError> = &mut *sms;
            alerts
                .send_account_notice_async(dynamic, &Notice::RecoveryUsed { at })
                .await
                .unwrap();
            marketing
                .send_marketing_async(
                    &offers,
                    at,
                    &mut CheckedSms::new(&mut sms, &mut NoData),
                    "spring-sale",
                )
                .await
                .unwrap();
        })
        .await
        .unwrap();
    }
    let sent = [
        ("+442079460958", "code"),
        ("+14155552671", "notice"),
        ("+442079460321", "promotion"),
    ];
    let by_stub: Vec<_> = received(&stub)
        .into_iter()
        .map(|(path, to, kind, _)| (path, to, kind))
        .collect();
    let mut expected: Vec<_> = sent
        .iter()
        .map(|(to, kind)| ("/sms".to_owned(), (*to).to_owned(), (*kind).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(by_stub, expected);
    let by_second = second.0.lock().unwrap().clone();
    assert_eq!(
        by_second,
        sent.map(|(to, kind)| (to.to_owned(), kind.to_owned()))
    );
}
