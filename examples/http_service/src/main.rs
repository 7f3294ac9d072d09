//! An account service over HTTP: axum, sqlx on SQLite, tokio, and an async
//! console gateway standing in for an SMS provider and a mail server.
//!
//! ```sh
//! cargo run -p http-service
//! ```
//!
//! Then, from another shell (the numbers and addresses are fictional). Every
//! request that changes something carries `X-Requested-With` (see
//! [`same_site_only`]); the session lives in the cookie jar `jar`:
//!
//! ```sh
//! alias post="curl -si -H 'x-requested-with: curl' -H 'content-type: application/json' -b jar -c jar"
//! post localhost:3000/signup \
//!   -d '{"name": "Ada", "phone": "+44 20 7946 0958", "recovery_email": "ada@example.com"}'
//! post localhost:3000/signin -d '{"phone": "+44 20 7946 0958"}'
//! post localhost:3000/signin/verify \
//!   -d '{"phone": "+44 20 7946 0958", "code": "<the code the gateway printed>"}'
//! curl -si -b jar localhost:3000/me
//! post localhost:3000/me/marketing -d '{"wording": "offers-sms-2026-03"}'
//! post localhost:3000/me/advertising -d '{"wording": "ads-matching-v1"}'
//! curl -s -b jar localhost:3000/consent   # the consent page, in HTML
//! # the operator's: `OPERATOR_TOKEN`, or the token the service printed at start
//! post localhost:3000/newsletter -H "authorization: Bearer $OPERATOR_TOKEN" \
//!   -d '{"text": "The March offers are here"}'
//! curl -si localhost:3000/audience -H "authorization: Bearer $OPERATOR_TOKEN"
//! curl -si localhost:3000/audit -H "authorization: Bearer $OPERATOR_TOKEN"
//! post localhost:3000/operator/signin -d "{\"token\": \"$OPERATOR_TOKEN\"}"
//! curl -s -b jar localhost:3000/audit/page   # the report page, in HTML
//! post -X DELETE localhost:3000/me/marketing
//! post -X DELETE localhost:3000/me/advertising
//! post -X POST localhost:3000/signout
//! ```
//!
//! Or in a browser: <http://localhost:3000/signin> signs in with the code
//! the gateway printed and goes on to the consent page,
//! <http://localhost:3000/consent>, where a person reads each notice, gives
//! or withdraws the consent, and sees their own history in the ledger;
//! <http://localhost:3000/operator/signin> takes the operator's token once
//! and goes on to the report page, <http://localhost:3000/audit/page>.
//!
//! Every identifier column is a BLOB holding a sealed value (`keyring.seal`):
//! the database never holds a raw number or address, and a value opens only
//! as the purpose (and consent) it was sealed for. Sign-in finds an account
//! by its phone's [`LookupKey`], not by the sealed value. The gateway prints
//! the raw recipient, because a gateway is the one place the crate hands it
//! over. `examples/http_service/tests/test_http_service.rs` starts this app
//! on loopback and drives every endpoint and page;
//! `examples/http_service/browser/tests/browser.rs` drives the pages in
//! headless Chromium.
//!
//! Who acts is authorised: a route that acts for a user (`/me…`,
//! `/signout`) takes the user from the session a code sign-in opened
//! ([`SignedIn`]), never from the path or the body, so no request can name
//! another account; the operator's routes (`/newsletter`, `/audience`,
//! `/audit`) take the operator's bearer token ([`Operator`]), and the
//! operator's page (`/audit/page`), which a browser opens from a link and
//! so cannot send a bearer header, an operator session that the token
//! opens once at `/operator/signin` ([`OperatorSignedIn`]).
//!
//! The pages are HTML the service renders, every value escaped
//! ([`escape`]), under a strict Content-Security-Policy ([`PAGE_CSP`]): their
//! one script is a route of its own (`/page.js`), which sends their forms
//! and buttons as JSON with `X-Requested-With`, so the pages pass the same
//! cross-site check as every client. The consent page shows each notice's
//! text and the SHA-256 of exactly that text, both read from the one place
//! the service keeps them ([`ConsentColumn`]), and the opt-in records that
//! notice's id and hash in the ledger: an opt-in naming any other notice is
//! refused. A page refuses as the API does (the same status, rule and
//! message), in HTML, with a link to the sign-in page.
//!
//! Consents are the consent ledger's (`purpose-bound-store`), in a records
//! file of their own (`http-service-records.db`) with the audit, which
//! `main` installs as the process's audit sink: every use asks the ledger
//! again, a withdrawal recorded by another system sharing the records stops
//! the next send, and `/audit` reports the hand-offs in accounts. A session is a 256-bit random
//! token in a `__Host-` cookie (`HttpOnly`, `Secure`, `SameSite=Strict`,
//! `Path=/`), stored only as its SHA-256, with an expiry; the operator's
//! page session is the same, in `__Host-operator`, for an hour.
//!
//! What a penetration test looks for is closed here too: `/signin` and
//! `/signin/verify` answer the same, after the same work, whether or not a
//! number has an account; an absent, forged, expired or revoked session gets
//! one refusal; every refusal, axum's extractors' included, is one JSON
//! shape, `{"error": {"rule", "field", "message"}}` (a page's shows the
//! same in HTML), that never repeats what was sent; bodies larger than [`BODY_LIMIT`] are refused with 413, and
//! each free-text field has a length limit (422).

use std::error::Error;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use purpose_bound::subtle::ConstantTimeEq;
use purpose_bound::zeroize::Zeroizing;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, AsyncReassignedCheck, AsyncTransport, Attempt,
    Audience, Challenge, Channel, CheckedSms, Consent, ConsentChannel, ConsentId, EmailAddress,
    Identifier, Keyring, LookupKey, Marketing, Message, Notice, OtpCode, PhoneNumber, Platform,
    Reassignment, Recipient, RequiresConsent, Sealed, Sms, Subject, TwoFactor,
};
use purpose_bound_store::{AuditReport, Collection, ConsentLedger, SqliteStore};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnection, SqlitePoolOptions};

/// Identifier columns are sealed BLOBs. An account is found by its
/// security phone's lookup key, which is also what keeps one account per
/// number: sealed values will bind the account they belong to, so equal
/// numbers in two accounts will not seal equal, while a lookup key depends
/// on the number alone. An account's id is drawn from `accounts` before
/// anything is sealed for it, and never reused. Consents are the consent
/// ledger's (`purpose-bound-store`, in the records store beside this
/// database): a consent purpose's column keeps only its consent's id; a
/// sign-in challenge holds neither the code
/// nor the number; a session, a user's or the operator's, holds the
/// SHA-256 of its token, never the token.
const SCHEMA: &str = "
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT
    );
    CREATE TABLE users (
        id                INTEGER PRIMARY KEY REFERENCES accounts (id),
        name              TEXT NOT NULL,
        phone_lookup      BLOB NOT NULL UNIQUE,  -- the security phone's lookup key
        phone_lookup_key  INTEGER NOT NULL,      -- the keyring key it was made under
        security_phone    BLOB NOT NULL,         -- (TwoFactor, AccountNotice)
        recovery_email    BLOB NOT NULL,         -- AccountRecovery
        marketing_phone     BLOB,                -- Marketing, under a consent
        marketing_consent   INTEGER,             -- its id in the ledger
        advertising_phone   BLOB,                -- Advertising, under a consent
        advertising_consent INTEGER              -- its id in the ledger
    );
    CREATE TABLE challenges (
        user_id   INTEGER PRIMARY KEY REFERENCES users (id),
        challenge BLOB NOT NULL
    );
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,   -- SHA-256 of the cookie's token
        user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        expires    INTEGER NOT NULL    -- seconds since the Unix epoch
    );
    CREATE INDEX sessions_by_expiry ON sessions (expires);
    CREATE TABLE operator_sessions (
        token_hash BLOB PRIMARY KEY,   -- SHA-256 of the operator cookie's token
        expires    INTEGER NOT NULL    -- seconds since the Unix epoch
    );
";

/// The number a user gives at sign-up: for sign-in codes and login alerts.
type SecurityPhone = PhoneNumber<(TwoFactor, AccountNotice)>;

/// One message the console gateway delivered.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// `sms` or `mail`.
    pub channel: &'static str,
    /// The raw recipient, as the provider's API would get it.
    pub to: String,
    /// The text.
    pub text: String,
}

/// An SMS provider and a mail server, on the console: an async transport
/// for both channels. It keeps what it delivered, standing in for the
/// users' phones and inboxes.
#[derive(Clone, Default)]
pub struct ConsoleGateway {
    sent: Arc<Mutex<Vec<Delivery>>>,
    latency: Duration,
}

impl ConsoleGateway {
    /// A gateway that takes `latency` to deliver, as a provider's API does.
    pub fn with_latency(latency: Duration) -> Self {
        Self {
            latency,
            ..Self::default()
        }
    }

    /// Everything delivered so far.
    pub fn sent(&self) -> Vec<Delivery> {
        self.sent
            .lock()
            .map(|sent| sent.clone())
            .unwrap_or_default()
    }
}

impl fmt::Debug for ConsoleGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConsoleGateway")
    }
}

/// The console cannot fail; a real gateway's error names the status and the
/// masked recipient, never the raw one.
#[derive(Debug)]
pub struct GatewayError;

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the gateway is unavailable")
    }
}

impl Error for GatewayError {}

impl<C: Channel> AsyncTransport<C> for ConsoleGateway {
    type Error = GatewayError;

    async fn send(
        &mut self,
        to: Recipient<'_, C>,
        message: Message<'_>,
    ) -> Result<(), GatewayError> {
        let text = match message {
            Message::OneTimeCode(code) => format!("Your sign-in code is {}", code.expose_secret()),
            Message::Notice(notice) => notice_text(notice).to_owned(),
            Message::Promotion(text) => text.to_owned(),
            _ => "(a message of a kind this gateway does not know)".to_owned(),
        };
        // Where a real gateway awaits the provider's answer.
        tokio::time::sleep(self.latency).await;
        println!(
            "[{} gateway] {to:?} -> {}: {text}",
            C::NAME,
            to.expose_secret()
        );
        self.sent.lock().map_err(|_| GatewayError)?.push(Delivery {
            channel: C::NAME,
            to: to.expose_secret().to_owned(),
            text,
        });
        Ok(())
    }
}

/// The reassigned-number check marketing texts ask first, on the console.
/// It knows of no reassigned number, so it answers no data and the text
/// goes on the consent alone; a real one asks the FCC's Reassigned Numbers
/// Database (US numbers) or a carrier's API, and on a reassigned answer
/// the send is refused and the consent is to be invalidated in the ledger.
#[derive(Clone, Copy, Debug, Default)]
pub struct ConsoleRnd;

impl AsyncReassignedCheck for ConsoleRnd {
    type Error = GatewayError;

    async fn check(
        &mut self,
        number: Recipient<'_, Sms>,
        _since: Duration,
    ) -> Result<Reassignment, GatewayError> {
        println!("[reassigned check] {number:?}: no data");
        Ok(Reassignment::NoData)
    }

    fn name(&self) -> &'static str {
        "console-rnd"
    }
}

/// What every handler shares.
#[derive(Debug)]
pub struct AppState {
    db: SqlitePool,
    /// The consent ledger, in the records store.
    ledger: ConsentLedger,
    /// The records store, whose audit the report reads.
    records: Arc<SqliteStore>,
    keyring: Keyring,
    gateway: ConsoleGateway,
    /// SHA-256 of the operator's bearer token.
    operator: [u8; 32],
}

/// An error as the client sees it, one JSON shape for every refusal:
///
/// ```json
/// { "error": { "rule": "field_too_long", "field": "name",
///              "message": "`name` is longer than 100 characters" } }
/// ```
///
/// `rule` names the rule that failed, for programs; `field` (when one field
/// is to blame) names it; `message` is for people. None of them ever holds
/// what the client sent: the crate's errors never contain their input, and
/// the service's own messages are written without it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    rule: &'static str,
    field: Option<String>,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let error = match self.field {
            Some(field) => json!({ "rule": self.rule, "field": field, "message": self.message }),
            None => json!({ "rule": self.rule, "message": self.message }),
        };
        (self.status, Json(json!({ "error": error }))).into_response()
    }
}

impl ApiError {
    fn new(status: StatusCode, rule: &'static str, message: impl fmt::Display) -> Self {
        Self {
            status,
            rule,
            field: None,
            message: message.to_string(),
        }
    }

    fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// A failure of the service itself: logged here, and answered with no
    /// detail (a database error may name tables, columns or constraints).
    fn internal(err: impl fmt::Display) -> Self {
        eprintln!("internal error: {err}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the service failed; try again later",
        )
    }

    /// The one refusal of a route that acts for the signed-in user, whether
    /// the request carried no session, a malformed or unknown token, or one
    /// that expired or was signed out: which of them would tell a guesser
    /// nothing useful, and one answer tells nothing at all.
    fn not_signed_in() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "not_signed_in",
            "sign in first: this endpoint acts for the signed-in user",
        )
    }

    fn operator_only() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "operator_only",
            "this endpoint is the operator's: send the operator's bearer token",
        )
    }

    /// The one refusal of an operator's page without a live operator
    /// session, whatever its cause.
    fn operator_page_only() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "operator_only",
            "this page is the operator's: sign in as the operator first",
        )
    }

    fn already_registered() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "already_registered",
            "that phone number is already registered",
        )
    }

    /// A JSON body that did not read as the form: its syntax, a missing
    /// field, a field of the wrong type, or an identifier the crate's
    /// parser refused.
    fn from_json(err: &serde_path_to_error::Error<serde_json::Error>) -> Self {
        use serde_json::error::Category;

        let inner = err.inner();
        if matches!(
            inner.classify(),
            Category::Syntax | Category::Eof | Category::Io
        ) {
            return Self::json_syntax(inner);
        }
        let path = err.path().to_string();
        let field = (path != ".").then_some(path);
        // serde_json appends the position; the rest is the message.
        let text = inner.to_string();
        let text = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(text, _)| text);
        let unprocessable = |rule, message: &str| {
            let error = Self::new(StatusCode::UNPROCESSABLE_ENTITY, rule, message);
            match &field {
                Some(field) => error.field(field.clone()),
                None => error,
            }
        };
        if let Some(name) = text.strip_prefix("missing field `") {
            // Names a field of the form, never a value.
            let name = name.trim_end_matches('`');
            Self::new(StatusCode::UNPROCESSABLE_ENTITY, "missing_field", text).field(name)
        } else if text.starts_with("duplicate field `") {
            unprocessable("duplicate_field", text)
        } else if [
            "invalid type",
            "invalid value",
            "invalid length",
            "unknown ",
        ]
        .iter()
        .any(|serde_says| text.starts_with(serde_says))
        {
            // serde's own messages repeat the value (``invalid type:
            // integer `123456` ``): say which field, not what was in it.
            unprocessable("wrong_type", "a field has the wrong type or value")
        } else {
            // The crate's parsers: which rule failed, at which character,
            // never the input.
            unprocessable("invalid_value", text)
        }
    }

    fn json_syntax(err: &serde_json::Error) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "json_syntax",
            format_args!(
                "the body is not valid JSON (line {}, column {})",
                err.line(),
                err.column()
            ),
        )
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            // The only unique index a request can meet: a number signed
            // up twice at once.
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::already_registered(),
            err => Self::internal(err),
        }
    }
}

/// The largest request body the service reads, in bytes: the longest form
/// (a newsletter) with room to spare. A larger body is refused with 413
/// before it is read whole.
pub const BODY_LIMIT: usize = 8 * 1024;

/// The longest value of each free-text field, in characters.
const NAME_MAX: usize = 100;
const WORDING_MAX: usize = 100;
const NEWSLETTER_MAX: usize = 1_000;
/// One-time codes have 6 to 10 digits; room for spaces a user types.
const CODE_MAX: usize = 16;

/// Refuses an empty or too long free-text field with 422, naming the field
/// and the limit, never the value.
fn check_text(field: &'static str, value: &str, max: usize) -> ApiResult<()> {
    let unprocessable = |rule, message| {
        Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, rule, message).field(field))
    };
    if value.trim().is_empty() {
        unprocessable("field_empty", format!("`{field}` is empty"))
    } else if value.chars().count() > max {
        unprocessable(
            "field_too_long",
            format!("`{field}` is longer than {max} characters"),
        )
    } else {
        Ok(())
    }
}

/// A JSON request body, read as `T`; every way it can fail is an
/// [`ApiError`] in the service's shape (axum's own `Json` answers some of
/// them in plain text).
struct JsonBody<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(|essence| essence.trim().to_ascii_lowercase())
            .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"));
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "content_type",
                "expected a body of type `application/json`",
            ));
        }
        let body = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format_args!("the body is larger than {BODY_LIMIT} bytes"),
                )
            } else {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "body_unreadable",
                    "the body could not be read",
                )
            }
        })?;
        let mut reader = serde_json::Deserializer::from_slice(&body);
        let value = serde_path_to_error::deserialize(&mut reader)
            .map_err(|err| ApiError::from_json(&err))?;
        reader.end().map_err(|err| ApiError::json_syntax(&err))?;
        Ok(Self(value))
    }
}

/// How long a session lasts from its sign-in; it is not extended by use.
const SESSION_TTL: Duration = Duration::from_secs(12 * 60 * 60);

/// The session cookie's name. The `__Host-` prefix makes browsers take it
/// only with `Secure`, `Path=/` and no `Domain`: no other host, a sibling
/// subdomain included, can set or overwrite it.
const SESSION_COOKIE: &str = "__Host-session";

/// The attributes of the session cookie, set and cleared alike: sent only
/// over HTTPS (browsers count `http://localhost` as secure), never readable
/// by scripts, never sent with a request another site starts, for every
/// path of this host.
const COOKIE_ATTRIBUTES: &str = "Path=/; Secure; HttpOnly; SameSite=Strict";

/// A session token: 256 bits from the operating system's CSPRNG, in the
/// cookie as 64 hexadecimal digits and in the database only as its
/// SHA-256, so that a copy of the sessions table opens no session. Wiped
/// from memory when dropped.
struct SessionToken(Zeroizing<[u8; 32]>);

impl SessionToken {
    /// A new token.
    fn draw() -> ApiResult<Self> {
        let mut token = Zeroizing::new([0; 32]);
        getrandom::fill(token.as_mut_slice()).map_err(ApiError::internal)?;
        Ok(Self(token))
    }

    /// The token of the request's cookie `name`, if it has one that reads
    /// as a token: 64 hexadecimal digits.
    fn from_headers(headers: &HeaderMap, name: &str) -> Option<Self> {
        let value = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|cookies| cookies.to_str().ok())
            .flat_map(|cookies| cookies.split(';'))
            .find_map(|cookie| cookie.trim().strip_prefix(name)?.strip_prefix('='))?;
        if value.len() != 64 {
            return None;
        }
        let mut token = Zeroizing::new([0; 32]);
        for (i, byte) in token.iter_mut().enumerate() {
            let digits = value.get(2 * i..2 * i + 2)?;
            if !digits.bytes().all(|digit| digit.is_ascii_hexdigit()) {
                return None;
            }
            *byte = u8::from_str_radix(digits, 16).ok()?;
        }
        Some(Self(token))
    }

    /// What the database keeps, and looks the session up by.
    fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_slice()).into()
    }

    /// The `Set-Cookie` header that gives the browser this token in the
    /// cookie `name`, for `ttl`.
    fn cookie(&self, name: &str, ttl: Duration) -> ApiResult<HeaderValue> {
        let mut value = Zeroizing::new(format!("{name}="));
        for byte in self.0.iter() {
            value.push_str(&format!("{byte:02x}"));
        }
        value.push_str(&format!("; Max-Age={}; {COOKIE_ATTRIBUTES}", ttl.as_secs()));
        let mut header = HeaderValue::from_str(&value).map_err(ApiError::internal)?;
        header.set_sensitive(true);
        Ok(header)
    }
}

/// The `Set-Cookie` header that makes the browser forget the cookie
/// `name`.
fn cleared_cookie(name: &str) -> (header::HeaderName, String) {
    (
        header::SET_COOKIE,
        format!("{name}=; Max-Age=0; {COOKIE_ATTRIBUTES}"),
    )
}

/// The user a request acts for: the one whose live session its cookie
/// holds. The only way a handler learns whom it acts for, so no path,
/// query or body can name another account.
///
/// Refused with [`ApiError::not_signed_in`] when the request has no
/// session cookie, one that is not a token, a token no session has (forged,
/// or signed out), or one whose session expired, which is deleted then.
struct SignedIn {
    user_id: i64,
    token_hash: [u8; 32],
}

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let token = SessionToken::from_headers(&parts.headers, SESSION_COOKIE)
            .ok_or_else(ApiError::not_signed_in)?;
        let token_hash = token.hash();
        let session: Option<(i64, i64)> =
            sqlx::query_as("SELECT user_id, expires FROM sessions WHERE token_hash = ?1")
                .bind(token_hash.as_slice())
                .fetch_optional(&state.db)
                .await?;
        let (user_id, expires) = session.ok_or_else(ApiError::not_signed_in)?;
        if expires <= seconds(now()?)? {
            sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
                .bind(token_hash.as_slice())
                .execute(&state.db)
                .await?;
            return Err(ApiError::not_signed_in());
        }
        Ok(Self {
            user_id,
            token_hash,
        })
    }
}

/// The service's operator, for the routes that act on every user's
/// consented numbers (the newsletter, the audience export): a request with
/// `Authorization: Bearer <the operator's token>` (the scheme's name in
/// any case, as HTTP has it). The token is compared by its SHA-256, in
/// constant time.
struct Operator;

impl FromRequestParts<Arc<AppState>> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
            .map(|(_, token)| token)
            .ok_or_else(ApiError::operator_only)?;
        if is_operator_token(state, token) {
            Ok(Self)
        } else {
            Err(ApiError::operator_only())
        }
    }
}

/// The header a request that changes state must carry (any value).
const CSRF_HEADER: &str = "x-requested-with";

/// Refuses a request that changes state (any method but `GET`, `HEAD`,
/// `OPTIONS` and `TRACE`) unless it shows it was not started by another
/// site, before any handler or extractor runs, so that a new route cannot
/// forget the check.
///
/// `SameSite=Strict` already keeps the browser from attaching the session
/// cookie to a request another site starts, but it is not enough alone: a
/// *site* is the registrable domain, so a page on a sibling subdomain is
/// same-site and gets the cookie sent; older browsers ignore the
/// attribute; and a forged request that needs no cookie still works
/// (signing a victim in to the attacker's account with the attacker's own
/// code). So two checks more, neither of which is the cookie:
///
/// - **A custom header**, `X-Requested-With` (any value). An HTML form, a
///   link or an image cannot add a header at all, and a script on another
///   origin can only after a CORS preflight, which this service never
///   grants (it sends no `Access-Control-Allow-*` headers). Unlike a
///   synchronizer token it needs no state per session, and unlike a
///   double-submit cookie it cannot be defeated by a same-site page that
///   writes cookies. Every client that can set headers (a page's own
///   `fetch`, curl) can send it.
/// - **Fetch Metadata**: when the browser says where the request came
///   from (`Sec-Fetch-Site`, which scripts cannot set), only `same-origin`
///   and `none` (the user typed it) are accepted, so what the browser
///   itself reports as cross-site or same-site is refused even if a CORS
///   rule were ever loosened.
///
/// A refusal is 403 in the service's one error shape.
async fn same_site_only(request: Request, next: Next) -> Response {
    if request.method().is_safe() {
        return next.run(request).await;
    }
    let headers = request.headers();
    let announced = headers.contains_key(CSRF_HEADER);
    let fetched_from = headers.get("sec-fetch-site").map(|site| site.as_bytes());
    let from_here = matches!(fetched_from, None | Some(b"same-origin" | b"none"));
    if announced && from_here {
        next.run(request).await
    } else {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "cross_site_request",
            "a request that changes state must come from this site, with an `X-Requested-With` header",
        )
        .into_response()
    }
}

type ApiResult<T = Json<Value>> = Result<T, ApiError>;

/// The gateway's wording of each kind of account notice: the text is the
/// service's, chosen by kind; a notice itself carries no text.
fn notice_text(notice: &Notice) -> &'static str {
    match notice {
        Notice::PhoneNumberChanged { .. } => "Welcome! This number now signs you in.",
        Notice::NewSignIn { .. } => "New sign-in to your account. Not you? Change your password.",
        _ => "There is a security notice about your account.",
    }
}

fn now() -> ApiResult<Duration> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(ApiError::internal)
}

fn seconds(at: Duration) -> ApiResult<i64> {
    i64::try_from(at.as_secs()).map_err(ApiError::internal)
}

/// A pool on one in-memory SQLite database, with the schema.
///
/// # Errors
///
/// When SQLite cannot open or create the database.
pub async fn database() -> Result<SqlitePool, sqlx::Error> {
    // One connection, kept: every connection to `:memory:` is a database of its own.
    let db = SqlitePoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect("sqlite::memory:")
        .await?;
    sqlx::raw_sql(SCHEMA).execute(&db).await?;
    Ok(db)
}

/// The service's routes, for the operator whose bearer token is
/// `operator_token` (a secret of at least 32 random bytes, as text).
///
/// A user's routes (`/me…`, `/signout`) act for the user the session
/// cookie names, and for no one else; there is no route that takes an
/// account id. Consents live in the ledger in `records`, which the audit
/// report reads too.
///
/// # Errors
///
/// The ledger's, when `records` cannot be read or was keyed under a key
/// `keyring` does not hold.
pub fn app(
    db: SqlitePool,
    records: Arc<SqliteStore>,
    keyring: Keyring,
    gateway: ConsoleGateway,
    operator_token: &str,
) -> Result<Router, purpose_bound_store::Error> {
    let ledger = ConsentLedger::open(records.clone(), keyring.ledger_key())?;
    let state = Arc::new(AppState {
        db,
        ledger,
        records,
        keyring,
        gateway,
        operator: Sha256::digest(operator_token.as_bytes()).into(),
    });
    Ok(Router::new()
        .route("/signup", post(sign_up))
        .route("/signin", get(sign_in_page).post(sign_in))
        .route("/signin/verify", post(verify_sign_in))
        .route("/signout", post(sign_out))
        .route("/me", get(me))
        .route(
            "/me/marketing",
            post(opt_in::<Marketing>).delete(opt_out::<Marketing>),
        )
        .route(
            "/me/advertising",
            post(opt_in::<Advertising>).delete(opt_out::<Advertising>),
        )
        .route("/newsletter", post(newsletter))
        .route("/audience", get(audience))
        .route("/audit", get(audit_report))
        .route("/consent", get(consent_page))
        .route("/page.js", get(page_script))
        .route(
            "/operator/signin",
            get(operator_sign_in_page).post(operator_sign_in),
        )
        .route("/operator/signout", post(operator_sign_out))
        .route("/audit/page", get(audit_page))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "the endpoint does not take this method",
            )
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(same_site_only))
        .with_state(state))
}

/// A phone number a user typed into a form, read through the crate's
/// intake adaptor as the account's security phone: sealed for its account,
/// sent codes and notices, and found by its [`LookupKey`], which does not
/// depend on the account.
struct TypedPhone {
    security: SecurityPhone,
}

impl TypedPhone {
    /// The keys to find the account of this number by, one per enabled key
    /// of the keyring, the primary's first.
    fn lookup_key(&self, keyring: &Keyring) -> LookupKey {
        keyring.lookup_key(&self.security)
    }
}

impl<'de> Deserialize<'de> for TypedPhone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let typed = Value::deserialize(deserializer)?;
        Ok(Self {
            security: purpose_bound::intake(&typed).map_err(D::Error::custom)?,
        })
    }
}

/// The sign-up form: bare input from the user, parsed on the way in.
#[derive(Deserialize)]
struct SignUp {
    name: String,
    phone: TypedPhone,
    #[serde(deserialize_with = "purpose_bound::intake")]
    recovery_email: EmailAddress<AccountRecovery>,
}

/// An account found by its phone's lookup key: its id, and whether the
/// key it was found under is the keyring's primary.
struct Found {
    user_id: i64,
    under_primary: bool,
}

/// The account whose security phone has `lookup`'s key under any enabled
/// key of the ring, so that accounts made before a rotation are still
/// found. One statement per key, all of them run, found or not.
async fn account_by_phone(
    db: &mut SqliteConnection,
    lookup: &LookupKey,
) -> ApiResult<Option<Found>> {
    let mut found = None;
    for (i, key) in lookup.digests().enumerate() {
        let user_id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM users WHERE phone_lookup = ?1 AND phone_lookup_key = ?2",
        )
        .bind(key.as_bytes().as_slice())
        .bind(i64::from(key.key_id()))
        .fetch_optional(&mut *db)
        .await?;
        if let (None, Some(user_id)) = (&found, user_id) {
            found = Some(Found {
                user_id,
                under_primary: i == 0,
            });
        }
    }
    Ok(found)
}

/// `POST /signup`: stores the user with sealed identifiers and sends a
/// welcome notice to the phone. A number that has an account, under any
/// key of the ring, is refused.
///
/// The account's id is drawn first and the identifiers sealed after, in
/// one transaction, so that each sealed value can bind the account it
/// belongs to.
async fn sign_up(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<SignUp>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    check_text("name", &form.name, NAME_MAX)?;
    let lookup = form.phone.lookup_key(&state.keyring);
    let primary = lookup.primary();
    let mut tx = state.db.begin().await?;
    if account_by_phone(&mut tx, &lookup).await?.is_some() {
        return Err(ApiError::already_registered());
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO accounts DEFAULT VALUES RETURNING id")
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO users (id, name, phone_lookup, phone_lookup_key, security_phone, recovery_email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(id)
    .bind(&form.name)
    .bind(primary.as_bytes().as_slice())
    .bind(i64::from(primary.key_id()))
    .bind(seal_for(&state.keyring, form.phone.security.clone(), id)?)
    .bind(seal_for(&state.keyring, form.recovery_email.clone(), id)?)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    form.phone
        .security
        .narrow::<AccountNotice>()
        .send_account_notice_async(
            &mut state.gateway.clone(),
            &Notice::PhoneNumberChanged { at: now()? },
        )
        .await
        .map_err(ApiError::internal)?;
    Ok((StatusCode::CREATED, Json(json!({ "signed_up": true }))))
}

/// How long a sign-in code is good for, and how many tries it allows.
const CODE_TTL: Duration = Duration::from_secs(300);
const CODE_ATTEMPTS: u8 = 3;

/// A sign-in form: the phone as the user types it.
#[derive(Deserialize)]
struct SignIn {
    phone: TypedPhone,
    /// The code, for `/signin/verify`.
    #[serde(default)]
    code: String,
}

/// `POST /signin`: sends a one-time code to the user's phone and stores its
/// challenge (never the code, never the number). The answer is the same
/// whether or not the number is registered.
async fn sign_in(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<SignIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    // The same work for every number before the answer: a challenge is
    // issued and the account looked up under every key, and for a
    // registered number the challenge is stored and sent after it. The
    // answer and its timing then say nothing of which numbers have
    // accounts, however slow the gateway.
    let phone: PhoneNumber<TwoFactor> = form.phone.security.narrow();
    let (challenge, code) =
        Challenge::issue(&state.keyring, &phone, now()?, CODE_TTL, CODE_ATTEMPTS, 6)
            .map_err(ApiError::internal)?;
    let lookup = form.phone.lookup_key(&state.keyring);
    let found = account_by_phone(&mut *state.db.acquire().await?, &lookup).await?;
    if let Some(Found { user_id, .. }) = found {
        tokio::spawn(deliver_code(
            Arc::clone(&state),
            user_id,
            phone,
            challenge,
            code,
        ));
    }
    Ok((StatusCode::ACCEPTED, Json(json!({ "sent": true }))))
}

/// Stores a sign-in challenge, then sends its code: a code the store did not
/// take is never sent. Runs after `/signin` has answered; failures are
/// logged, and the user asks for a new code.
async fn deliver_code(
    state: Arc<AppState>,
    user_id: i64,
    phone: PhoneNumber<TwoFactor>,
    challenge: Challenge<PhoneNumber<TwoFactor>>,
    code: OtpCode,
) {
    let stored = sqlx::query(
        "INSERT INTO challenges (user_id, challenge) VALUES (?1, ?2)
         ON CONFLICT (user_id) DO UPDATE SET challenge = excluded.challenge",
    )
    .bind(user_id)
    .bind(challenge.to_bytes().to_vec())
    .execute(&state.db)
    .await;
    let sent = match stored {
        Ok(_) => phone
            .send_otp_async(&mut state.gateway.clone(), &code)
            .await
            .map_err(|err| err.to_string()),
        Err(err) => Err(err.to_string()),
    };
    if let Err(err) = sent {
        eprintln!("sign-in code not delivered: {err}");
    }
}

/// `POST /signin/verify`: checks the code against the stored challenge, and
/// stores the challenge back with a compare-and-set, so that an attempt is
/// spent once and a code accepted once. A code accepted opens a session:
/// the answer sets its cookie.
///
/// Every refusal is the same answer, whatever its reason (an unregistered
/// number, no code sent, a wrong, expired or used-up code, a concurrent
/// attempt), and takes the same work: for a number with no challenge a
/// throwaway one is issued for it and verified, and the same statements
/// run. Otherwise the answer would tell which numbers have accounts.
async fn verify_sign_in(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<SignIn>,
) -> ApiResult<Response> {
    if form.code.chars().count() > CODE_MAX {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "field_too_long",
            format_args!("`code` is longer than {CODE_MAX} characters"),
        )
        .field("code"));
    }
    let now = now()?;
    let lookup = form.phone.lookup_key(&state.keyring);
    let mut db = state.db.acquire().await?;
    let found = account_by_phone(&mut db, &lookup).await?;
    // No row has id 0: SQLite's rowids start at 1.
    let row_id = found.as_ref().map_or(0, |found| found.user_id);
    let stored: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT challenge FROM challenges WHERE user_id = ?1")
            .bind(row_id)
            .fetch_optional(&mut *db)
            .await?;
    let phone: PhoneNumber<TwoFactor> = form.phone.security.narrow();
    let (real, stored) = match stored {
        Some(stored) => (true, stored),
        None => {
            let (throwaway, _code) =
                Challenge::issue(&state.keyring, &phone, now, CODE_TTL, CODE_ATTEMPTS, 6)
                    .map_err(ApiError::internal)?;
            (false, throwaway.to_bytes().to_vec())
        }
    };
    let read =
        Challenge::<PhoneNumber<TwoFactor>>::from_bytes(&stored).map_err(ApiError::internal)?;
    let Attempt {
        challenge,
        outcome: verified,
    } = read.verify(&state.keyring, &phone, &form.code, now);
    let stored_back =
        sqlx::query("UPDATE challenges SET challenge = ?1 WHERE user_id = ?2 AND challenge = ?3")
            .bind(challenge.to_bytes().to_vec())
            .bind(row_id)
            .bind(&stored)
            .execute(&mut *db)
            .await?
            .rows_affected();
    match found {
        Some(found) if real && stored_back == 1 && verified.is_ok() => {
            if !found.under_primary {
                rekey_phone_lookup(&mut db, found.user_id, &lookup).await?;
            }
            let cookie = open_session(&mut db, found.user_id, now).await?;
            Ok((
                [
                    (header::SET_COOKIE, cookie),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                Json(json!({ "signed_in": true })),
            )
                .into_response())
        }
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "sign_in_refused",
            "the code is wrong, expired or used up, or was not sent to this number; request a new one",
        )),
    }
}

/// Moves an account found under an older key of the ring to the primary's
/// lookup key, so that the older key can later be disabled without losing
/// the account. Done when the owner signs in, the one time the service
/// holds the number as typed; accounts still under an older key are those
/// whose `phone_lookup_key` is not the primary.
async fn rekey_phone_lookup(
    db: &mut SqliteConnection,
    user_id: i64,
    lookup: &LookupKey,
) -> ApiResult<()> {
    let primary = lookup.primary();
    sqlx::query("UPDATE users SET phone_lookup = ?1, phone_lookup_key = ?2 WHERE id = ?3")
        .bind(primary.as_bytes().as_slice())
        .bind(i64::from(primary.key_id()))
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Opens a session for `user_id`, valid for [`SESSION_TTL`] from `now`, and
/// returns the cookie that carries its token. Sessions that have expired,
/// anyone's, are deleted on the way, so the table holds live ones only.
async fn open_session(
    db: &mut SqliteConnection,
    user_id: i64,
    now: Duration,
) -> ApiResult<HeaderValue> {
    let token = SessionToken::draw()?;
    let now = seconds(now)?;
    sqlx::query("DELETE FROM sessions WHERE expires <= ?1")
        .bind(now)
        .execute(&mut *db)
        .await?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, expires) VALUES (?1, ?2, ?3)")
        .bind(token.hash().as_slice())
        .bind(user_id)
        .bind(now + seconds(SESSION_TTL)?)
        .execute(&mut *db)
        .await?;
    token.cookie(SESSION_COOKIE, SESSION_TTL)
}

/// `POST /signout`: revokes the request's session, here and now (its token
/// opens nothing from then on, wherever a copy of it is), and clears the
/// cookie. The user's other sessions stay.
async fn sign_out(State(state): State<Arc<AppState>>, session: SignedIn) -> ApiResult<Response> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
        .bind(session.token_hash.as_slice())
        .execute(&state.db)
        .await?;
    Ok((
        [cleared_cookie(SESSION_COOKIE)],
        Json(json!({ "signed_out": true })),
    )
        .into_response())
}

/// `GET /me`: the signed-in user's name and masked security phone, and
/// whether the marketing and advertising columns hold a number.
async fn me(State(state): State<Arc<AppState>>, session: SignedIn) -> ApiResult {
    let (name, marketing, advertising): (String, bool, bool) = sqlx::query_as(
        "SELECT name, marketing_phone IS NOT NULL, advertising_phone IS NOT NULL
         FROM users WHERE id = ?1",
    )
    .bind(session.user_id)
    .fetch_one(&state.db)
    .await?;
    let phone = security_phone(&state, session.user_id).await?;
    Ok(Json(json!({
        "name": name,
        "phone": phone.masked().to_string(),
        "marketing": marketing,
        "advertising": advertising,
    })))
}

/// The subject of account `user_id`: its account id, `user-<id>`.
fn subject_of(user_id: i64) -> ApiResult<Subject> {
    Subject::new(&format!("user-{user_id}")).map_err(ApiError::internal)
}

/// `id` bound to account `user_id` and sealed for it.
fn seal_for<I: Identifier>(keyring: &Keyring, id: I, user_id: i64) -> ApiResult<Sealed<I>> {
    let id = Identifier::owned_by(id, &subject_of(user_id)?).map_err(ApiError::internal)?;
    keyring.seal(&id).map_err(ApiError::internal)
}

/// A user's security phone, opened from its sealed column.
async fn security_phone(state: &AppState, user_id: i64) -> ApiResult<SecurityPhone> {
    let sealed: Sealed<SecurityPhone> =
        sqlx::query_scalar("SELECT security_phone FROM users WHERE id = ?1")
            .bind(user_id)
            .fetch_one(&state.db)
            .await?;
    state
        .keyring
        .open(&sealed, &subject_of(user_id)?)
        .map_err(ApiError::internal)
}

/// The statements on the column where each consent purpose keeps its
/// identifier and its consent's id (constant SQL: sqlx refuses statements
/// built at run time), and the notice the service asks the consent with:
/// its id and its text are written here once, and the consent page, the
/// opt-in's check and the ledger's record all read them from here.
trait ConsentColumn: RequiresConsent {
    /// The consent page's heading for the purpose.
    const TITLE: &'static str;
    /// The notice's id: the version of its text. A new text takes a new id.
    const NOTICE_ID: &'static str;
    /// The notice's text, exactly as the consent page shows it: the ledger
    /// records its SHA-256 with [`NOTICE_ID`](Self::NOTICE_ID).
    const NOTICE: &'static str;
    /// Stores the adopted identifier: `?1` the sealed value, `?2` the
    /// consent's id, `?3` the user.
    const STORE: &'static str;
    /// Erases both: `?1` the user.
    const ERASE: &'static str;
    /// The user's consent id: `?1` the user.
    const CONSENT: &'static str;
    /// Every user's identifier, with the user's id and the consent's.
    const ALL: &'static str;
}

impl ConsentColumn for Marketing {
    const TITLE: &'static str = "Offers by text message";
    const NOTICE_ID: &'static str = "offers-sms-2026-03";
    const NOTICE: &'static str =
        "Also send me offers by text message. You can stop them at any time.";
    const STORE: &'static str =
        "UPDATE users SET marketing_phone = ?1, marketing_consent = ?2 WHERE id = ?3";
    const ERASE: &'static str = "UPDATE users SET marketing_phone = NULL, marketing_consent = NULL
         WHERE id = ?1 AND marketing_phone IS NOT NULL";
    const CONSENT: &'static str = "SELECT marketing_consent FROM users WHERE id = ?1";
    const ALL: &'static str = "SELECT id, marketing_phone, marketing_consent FROM users
         WHERE marketing_phone IS NOT NULL ORDER BY id";
}

impl ConsentColumn for Advertising {
    const TITLE: &'static str = "Relevant ads";
    const NOTICE_ID: &'static str = "ads-matching-v1";
    const NOTICE: &'static str = "Match my number with advertising platforms to show me relevant ads. You can stop it at any time.";
    const STORE: &'static str =
        "UPDATE users SET advertising_phone = ?1, advertising_consent = ?2 WHERE id = ?3";
    const ERASE: &'static str =
        "UPDATE users SET advertising_phone = NULL, advertising_consent = NULL
         WHERE id = ?1 AND advertising_phone IS NOT NULL";
    const CONSENT: &'static str = "SELECT advertising_consent FROM users WHERE id = ?1";
    const ALL: &'static str = "SELECT id, advertising_phone, advertising_consent FROM users
         WHERE advertising_phone IS NOT NULL ORDER BY id";
}

/// Runs a blocking call of the ledger or the records store off the async
/// workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, purpose_bound_store::Error> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// `P`'s notice as the ledger records it: its id, and the SHA-256 of its
/// text.
fn notice<P: ConsentColumn>() -> ApiResult<purpose_bound_store::Notice> {
    purpose_bound_store::Notice::new(P::NOTICE_ID, P::NOTICE).map_err(ApiError::internal)
}

#[derive(Deserialize)]
struct OptIn {
    /// The id of the notice the user was shown: the service's current one
    /// for the purpose ([`ConsentColumn::NOTICE_ID`]).
    wording: String,
}

/// `POST /me/marketing` and `/me/advertising`: records `P`'s consent for
/// the signed-in user and adopts the user's security phone into `P`: the
/// user does not type the number again.
///
/// `wording` must name the notice the service shows for `P` now: a page
/// shown before the notice changed, or a client that names a notice of its
/// own, is refused (422, `unknown_notice`), so that the ledger never
/// records a text the user was not shown.
async fn opt_in<P: ConsentColumn>(
    State(state): State<Arc<AppState>>,
    session: SignedIn,
    JsonBody(form): JsonBody<OptIn>,
) -> ApiResult {
    check_text("wording", &form.wording, WORDING_MAX)?;
    if form.wording != P::NOTICE_ID {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_notice",
            "`wording` is not the notice this service shows now; reload the consent page",
        )
        .field("wording"));
    }
    let notice = notice::<P>()?;
    let state = &*state;
    let user_id = session.user_id;
    let phone = security_phone(state, user_id).await?;
    let given = now()?;
    let subject = subject_of(user_id)?;
    let ledger = state.ledger.clone();
    let consent = blocking(move || {
        let collection = Collection::new(notice, ConsentChannel::Web, "en", "GB")
            .method("button on the consent page")
            .recorded_by("http-service")
            .withdrawal_method("DELETE /me/marketing or /me/advertising");
        ledger.give::<P>(&subject, given, &collection)
    })
    .await?;
    let adopted = consent.adopt(&phone).map_err(ApiError::internal)?;
    sqlx::query(P::STORE)
        .bind(state.keyring.seal(&adopted).map_err(ApiError::internal)?)
        .bind(i64::try_from(consent.id().get()).map_err(ApiError::internal)?)
        .bind(user_id)
        .execute(&state.db)
        .await?;
    Ok(Json(
        json!({ "consent": consent.id().get(), "phone": adopted.masked().to_string() }),
    ))
}

/// `DELETE /me/marketing` and `/me/advertising`: withdraws the signed-in
/// user's consent for `P` and erases the identifier it collected.
async fn opt_out<P: ConsentColumn>(
    State(state): State<Arc<AppState>>,
    session: SignedIn,
) -> ApiResult {
    let user_id = session.user_id;
    let withdrawn = match consent_id::<P>(&state, user_id).await? {
        Some(id) => {
            let (ledger, subject, at) = (state.ledger.clone(), subject_of(user_id)?, now()?);
            let ended = blocking(move || {
                match ledger.withdraw::<P>(
                    &subject,
                    id,
                    at,
                    "DELETE on the consent page",
                    "http-service",
                ) {
                    Ok(()) => Ok(1),
                    // Withdrawn already, by another system.
                    Err(err) if err.kind() == purpose_bound_store::ErrorKind::NotLive => Ok(0),
                    Err(err) => Err(err),
                }
            });
            ended.await?
        }
        None => 0,
    };
    let erased = sqlx::query(P::ERASE)
        .bind(user_id)
        .execute(&state.db)
        .await?
        .rows_affected();
    Ok(Json(json!({ "withdrawn": withdrawn, "erased": erased })))
}

/// The id of the consent `user_id`'s identifier for `P` is kept under.
async fn consent_id<P: ConsentColumn>(
    state: &AppState,
    user_id: i64,
) -> ApiResult<Option<ConsentId>> {
    let id: Option<Option<i64>> = sqlx::query_scalar(P::CONSENT)
        .bind(user_id)
        .fetch_optional(&state.db)
        .await?;
    Ok(id
        .flatten()
        .and_then(|id| u64::try_from(id).ok())
        .and_then(ConsentId::new))
}

/// The consent `id` of `user_id` for `P`, as the ledger holds it now;
/// `None` when it is no longer live. It asks the ledger again at each use.
async fn load_consent<P: RequiresConsent>(
    state: &AppState,
    user_id: i64,
    id: ConsentId,
) -> ApiResult<Option<Consent<P>>> {
    let (ledger, subject) = (state.ledger.clone(), subject_of(user_id)?);
    blocking(move || match ledger.consent::<P>(&subject, id) {
        Ok(consent) => Ok(Some(consent)),
        Err(err) if err.kind() == purpose_bound_store::ErrorKind::NotLive => Ok(None),
        Err(err) => Err(err),
    })
    .await
}

/// The users with an identifier in `P`'s column whose consent the ledger
/// holds live, each with its consent; and how many rows it left out
/// because their consent has ended (withdrawn, expired) in the ledger.
async fn consented_rows<P: ConsentColumn>(
    state: &AppState,
) -> ApiResult<(Vec<(PhoneNumber<P>, Consent<P>)>, usize)> {
    let rows: Vec<(i64, Sealed<PhoneNumber<P>>, i64)> =
        sqlx::query_as(P::ALL).fetch_all(&state.db).await?;
    let (mut pairs, mut ended) = (Vec::new(), 0);
    for (user_id, sealed, id) in rows {
        let Some(id) = u64::try_from(id).ok().and_then(ConsentId::new) else {
            continue;
        };
        let Some(consent) = load_consent::<P>(state, user_id, id).await? else {
            ended += 1;
            continue;
        };
        let phone = consent
            .open(&state.keyring, &sealed)
            .map_err(ApiError::internal)?;
        pairs.push((phone, consent));
    }
    Ok((pairs, ended))
}

#[derive(Deserialize)]
struct Newsletter {
    text: String,
}

/// `POST /newsletter`, the operator's: sends to every marketing number,
/// each only under its own consent, live now.
async fn newsletter(
    State(state): State<Arc<AppState>>,
    _: Operator,
    JsonBody(form): JsonBody<Newsletter>,
) -> ApiResult {
    check_text("text", &form.text, NEWSLETTER_MAX)?;
    let at = now()?;
    let (rows, ended) = consented_rows::<Marketing>(&state).await?;
    // A row whose consent ended in the ledger is refused before it is sent.
    let (mut sent, mut refused) = (0, ended);
    let (mut gateway, mut rnd) = (state.gateway.clone(), ConsoleRnd);
    for (phone, consent) in rows {
        // Each text asks the reassigned-number check before the number leaves.
        let mut sms = CheckedSms::new(&mut gateway, &mut rnd);
        match phone
            .send_marketing_async(&consent, at, &mut sms, &form.text)
            .await
        {
            Ok(()) => sent += 1,
            Err(purpose_bound::SendError::Consent(_)) => refused += 1,
            Err(err) => return Err(ApiError::internal(err)),
        }
    }
    Ok(Json(json!({ "sent": sent, "refused": refused })))
}

/// `GET /audience`, the operator's: Meta match keys of every advertising
/// number whose consent is live, and how many rows were left out, and why:
/// `consent_ended` for a consent the ledger holds as ended, the others for
/// a use the consent refused.
async fn audience(State(state): State<Arc<AppState>>, _: Operator) -> ApiResult {
    let (rows, ended) = consented_rows::<Advertising>(&state).await?;
    let audience = Audience::export(rows, Platform::Meta, now()?);
    Ok(Json(json!({
        "platform": Platform::Meta.name(),
        "keys": audience.keys().len(),
        "left_out": audience.left_out() + ended,
        "consent_ended": ended,
        "withdrawn": audience.withdrawn(),
        "expired": audience.expired(),
        "refused": audience.refused(),
    })))
}

/// The audit's report since the records began, up to a second from now,
/// with its range.
async fn report_until_now(state: &AppState) -> ApiResult<(Duration, Duration, AuditReport)> {
    let (from, to) = (Duration::ZERO, now()? + Duration::from_secs(1));
    let records = state.records.clone();
    let report = blocking(move || AuditReport::of(&*records, from, to)).await?;
    Ok((from, to, report))
}

/// `GET /audit`, the operator's: the audit's report in accounts, since
/// the records began: distinct subjects per purpose, capability,
/// recipient and outcome, and the refusals by reason.
async fn audit_report(State(state): State<Arc<AppState>>, _: Operator) -> ApiResult {
    let (_, _, report) = report_until_now(&state).await?;
    let refusals: serde_json::Map<String, Value> = report
        .refusals()
        .into_iter()
        .map(|(reason, uses)| (reason.to_owned(), json!(uses)))
        .collect();
    Ok(Json(json!({ "lines": report.lines, "refusals": refusals })))
}

/// The Content-Security-Policy of every page: nothing loads but the
/// service's own script (`/page.js`: no inline script, no `eval`, no
/// style, image, frame or font), which may call only this origin; no form
/// submits anywhere (the script sends them, with the header
/// [`same_site_only`] asks for), no page can frame these, and no `<base>`
/// can move relative links.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
                        form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/// `text` as HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and
/// `'` as character references, every other character as it is. Every
/// value a page shows passes through it.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `at` as an ISO 8601 time in UTC, to the second:
/// `2026-03-01T09:30:00Z`.
fn utc(at: Duration) -> String {
    let seconds = at.as_secs();
    let (days, time) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's `civil_from_days`, for days since 1970-01-01, in
    // eras of 400 years from 0000-03-01.
    let z = days + 719_468;
    let (era, day_of_era) = (z / 146_097, z % 146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        time / 3_600,
        time / 60 % 60,
        time % 60
    )
}

/// An HTML page: `title` as its title and heading, then `body` (HTML in
/// which every value is [`escape`]d), a status line the script writes
/// refusals to, and the page's one script. Every page carries
/// [`PAGE_CSP`], is never cached (it shows a person's own records), is
/// never sniffed as another type and sends no referrer.
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let title = escape(title);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width\">\n<title>{title}</title>\n\
         <script src=\"/page.js\" defer></script>\n</head>\n<body>\n<h1>{title}</h1>\n\
         {body}<p id=\"status\" role=\"status\"></p>\n</body>\n</html>\n"
    );
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    (status, headers, html).into_response()
}

/// A page's refusal: the status, rule and message the API would answer
/// (one refusal, whatever its cause, as [`ApiError`] has it), as HTML, with
/// a link to the sign-in page where signing in is the fix.
struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(err: ApiError) -> Self {
        Self(err)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let ApiError {
            status,
            rule,
            message,
            ..
        } = self.0;
        let link = match rule {
            "not_signed_in" => "<p><a id=\"sign-in\" href=\"/signin\">Sign in</a></p>\n",
            "operator_only" => {
                "<p><a id=\"sign-in\" href=\"/operator/signin\">Sign in as the operator</a></p>\n"
            }
            _ => "",
        };
        let body = format!(
            "<p id=\"error\" data-rule=\"{}\">{}</p>\n{link}",
            escape(rule),
            escape(&message)
        );
        page(status, "Refused", &body)
    }
}

type PageResult = Result<Response, PageError>;

/// The pages' one script, served from a route of its own so that
/// [`PAGE_CSP`] allows no inline script. It sends a page's forms and
/// buttons as JSON with `X-Requested-With` (which [`same_site_only`] asks
/// for) and writes a refusal's message into the status line as text,
/// never as HTML.
const PAGE_SCRIPT: &str = r#""use strict";
// Sends `body` (if any) as JSON to `path`, as this site: true when done.
async function send(path, method, body) {
  const init = { method, headers: { "X-Requested-With": "page" }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const answer = await fetch(path, init);
  if (!answer.ok) {
    let message = "the request failed (" + answer.status + ")";
    try { message = (await answer.json()).error.message; } catch (_) { /* not JSON */ }
    document.getElementById("status").textContent = message;
  }
  return answer.ok;
}
// A button with `data-path` sends `data-method` there, with
// `{"wording": data-wording}` when it has one, then reloads the page, or
// goes to `data-next`.
for (const button of document.querySelectorAll("button[data-path]")) {
  button.addEventListener("click", async () => {
    const { path, method, wording, next } = button.dataset;
    const body = wording === undefined ? undefined : { wording };
    if (await send(path, method, body)) location.assign(next || location.pathname);
  });
}
// A form with `data-path` posts its named inputs there, then shows the
// form `data-then` (copying the inputs of the same names into it) or goes
// to `data-next`.
for (const form of document.querySelectorAll("form[data-path]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    for (const input of form.querySelectorAll("input[name]")) body[input.name] = input.value;
    if (!(await send(form.dataset.path, "POST", body))) return;
    const then = form.dataset.then && document.getElementById(form.dataset.then);
    if (then) {
      for (const [name, value] of Object.entries(body)) {
        const same = then.querySelector("input[name=\"" + name + "\"]");
        if (same) same.value = value;
      }
      form.hidden = true;
      then.hidden = false;
    } else {
      location.assign(form.dataset.next);
    }
  });
}
"#;

/// `GET /page.js`: [`PAGE_SCRIPT`].
async fn page_script() -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    (headers, PAGE_SCRIPT).into_response()
}

/// `GET /signin`: the sign-in page. The phone number is posted to
/// `/signin`; the code sent to it, with the number, to `/signin/verify`,
/// whose cookie the browser keeps; then the consent page.
async fn sign_in_page() -> Response {
    let body = "<form id=\"phone-form\" method=\"post\" data-path=\"/signin\" data-then=\"code-form\">\n\
         <label>Phone number <input id=\"phone\" name=\"phone\" type=\"tel\" autocomplete=\"tel\" required></label>\n\
         <button id=\"send-code\" type=\"submit\">Send me a code</button>\n</form>\n\
         <form id=\"code-form\" method=\"post\" data-path=\"/signin/verify\" data-next=\"/consent\" hidden>\n\
         <input name=\"phone\" type=\"hidden\">\n\
         <label>The code we sent <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required></label>\n\
         <button id=\"verify\" type=\"submit\">Sign in</button>\n</form>\n";
    page(StatusCode::OK, "Sign in", body)
}

/// `GET /consent`: the signed-in user's consent page. For each consent
/// purpose, the notice exactly as [`ConsentColumn`] holds it (the text, its
/// id, and the SHA-256 the ledger records when the user agrees), whether
/// it is given now, and a button that gives or withdraws it; then the
/// user's own history in the ledger, every event verified. No identifier
/// is shown but masked.
async fn consent_page(
    State(state): State<Arc<AppState>>,
    session: Result<SignedIn, ApiError>,
) -> PageResult {
    let user_id = session?.user_id;
    let name: String = sqlx::query_scalar("SELECT name FROM users WHERE id = ?1")
        .bind(user_id)
        .fetch_one(&state.db)
        .await
        .map_err(ApiError::from)?;
    let phone = security_phone(&state, user_id).await?;
    let mut body = format!(
        "<p>Signed in as <span id=\"name\">{}</span>, phone <span id=\"phone\">{}</span>. \
         <button id=\"sign-out\" type=\"button\" data-method=\"POST\" data-path=\"/signout\" \
         data-next=\"/signin\">Sign out</button></p>\n",
        escape(&name),
        escape(&phone.masked().to_string())
    );
    body.push_str(&consent_section::<Marketing>(&state, user_id).await?);
    body.push_str(&consent_section::<Advertising>(&state, user_id).await?);
    let (ledger, subject) = (state.ledger.clone(), subject_of(user_id)?);
    let history = blocking(move || ledger.history(&subject)).await?;
    body.push_str("<h2>Your consent history</h2>\n");
    body.push_str(&history_table(&history));
    Ok(page(StatusCode::OK, "Your consents", &body))
}

/// The consent page's section for `P`: its notice, whether the user's
/// consent is live in the ledger now, and the button that changes it.
async fn consent_section<P: ConsentColumn>(state: &AppState, user_id: i64) -> ApiResult<String> {
    let live = match consent_id::<P>(state, user_id).await? {
        Some(id) => load_consent::<P>(state, user_id, id).await?.map(|_| id),
        None => None,
    };
    let notice = notice::<P>()?;
    let (tag, id) = (P::TAG, escape(notice.id()));
    let (now, button) = match live {
        Some(consent) => (
            format!("given (consent {})", consent.get()),
            format!(
                "<button id=\"{tag}-withdraw\" type=\"button\" data-method=\"DELETE\" \
                 data-path=\"/me/{tag}\">Withdraw my consent</button>"
            ),
        ),
        None => (
            "not given".to_owned(),
            format!(
                "<button id=\"{tag}-give\" type=\"button\" data-method=\"POST\" \
                 data-path=\"/me/{tag}\" data-wording=\"{id}\">I agree</button>"
            ),
        ),
    };
    Ok(format!(
        "<section id=\"{tag}\">\n<h2>{title}</h2>\n<blockquote id=\"{tag}-notice\">{text}</blockquote>\n\
         <p>Notice <code id=\"{tag}-notice-id\">{id}</code>; the SHA-256 of its text: \
         <code id=\"{tag}-notice-sha256\">{sha256}</code></p>\n\
         <p>Now: <span id=\"{tag}-state\">{now}</span></p>\n{button}\n</section>\n",
        title = escape(P::TITLE),
        text = escape(P::NOTICE),
        sha256 = escape(&notice.sha256_hex()),
        now = escape(&now),
    ))
}

/// A subject's events as a table, oldest first: when, purpose, what
/// happened, the consent, the notice and the SHA-256 of its text (for an
/// event that gives), how and by whom.
fn history_table(events: &[purpose_bound_store::LedgerEvent]) -> String {
    if events.is_empty() {
        return "<p id=\"no-history\">No consent given or withdrawn yet.</p>\n".to_owned();
    }
    let mut rows = String::new();
    for event in events {
        let fields = &event.fields;
        rows.push_str(&format!(
            "<tr data-purpose=\"{purpose}\" data-kind=\"{kind}\"><td><time>{at}</time></td>\
             <td>{purpose}</td><td class=\"kind\">{kind}</td><td class=\"consent\">{consent}</td>\
             <td class=\"notice-id\">{notice}</td><td class=\"notice-sha256\"><code>{sha256}</code></td>\
             <td>{method}</td><td>{recorded_by}</td></tr>\n",
            at = utc(event.at),
            purpose = escape(&event.purpose),
            kind = escape(event.kind.as_str()),
            consent = event.consent.get(),
            notice = escape(fields.notice.as_deref().unwrap_or("")),
            sha256 = escape(fields.notice_sha256.as_deref().unwrap_or("")),
            method = escape(&fields.method),
            recorded_by = escape(&fields.recorded_by),
        ));
    }
    format!(
        "<table id=\"history\">\n<thead><tr><th>When (UTC)</th><th>Purpose</th><th>Event</th>\
         <th>Consent</th><th>Notice</th><th>SHA-256 of its text</th><th>How</th>\
         <th>Recorded by</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    )
}

/// How long an operator's page session lasts from its sign-in; it is not
/// extended by use.
const OPERATOR_TTL: Duration = Duration::from_secs(60 * 60);

/// The operator's page-session cookie: `__Host-`, with the attributes of
/// the user's ([`COOKIE_ATTRIBUTES`]).
const OPERATOR_COOKIE: &str = "__Host-operator";

/// Whether `token` is the operator's: compared by its SHA-256, in
/// constant time.
fn is_operator_token(state: &AppState, token: &str) -> bool {
    let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    bool::from(hash.ct_eq(&state.operator))
}

/// The operator on a page, where a browser cannot send a bearer header: a
/// request whose `__Host-operator` cookie holds a live operator session,
/// which `POST /operator/signin` opens for the operator's token. The
/// cookie is a [`SessionToken`] as the user's is (random, `HttpOnly`,
/// `Secure`, `SameSite=Strict`, stored only as its SHA-256, in
/// `operator_sessions`), for an hour. Only the operator's pages take it;
/// the operator's JSON routes take the bearer token alone
/// ([`Operator`]).
///
/// Refused with [`ApiError::operator_page_only`], one refusal for an
/// absent, forged, expired or signed-out session.
struct OperatorSignedIn {
    token_hash: [u8; 32],
}

impl FromRequestParts<Arc<AppState>> for OperatorSignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let token = SessionToken::from_headers(&parts.headers, OPERATOR_COOKIE)
            .ok_or_else(ApiError::operator_page_only)?;
        let token_hash = token.hash();
        let expires: Option<i64> =
            sqlx::query_scalar("SELECT expires FROM operator_sessions WHERE token_hash = ?1")
                .bind(token_hash.as_slice())
                .fetch_optional(&state.db)
                .await?;
        match expires {
            Some(expires) if expires > seconds(now()?)? => Ok(Self { token_hash }),
            _ => Err(ApiError::operator_page_only()),
        }
    }
}

#[derive(Deserialize)]
struct OperatorSignIn {
    token: String,
}

/// `POST /operator/signin`: the operator's token, typed once into the
/// operator's sign-in page, opens an operator session for the pages: the
/// answer sets its cookie. A wrong token is refused (401,
/// `operator_only`); the token is a secret of 256 bits, which no number of
/// guesses finds.
async fn operator_sign_in(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<OperatorSignIn>,
) -> ApiResult<Response> {
    if !is_operator_token(&state, &form.token) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "operator_only",
            "that is not the operator's token",
        ));
    }
    let token = SessionToken::draw()?;
    let now = seconds(now()?)?;
    sqlx::query("DELETE FROM operator_sessions WHERE expires <= ?1")
        .bind(now)
        .execute(&state.db)
        .await?;
    sqlx::query("INSERT INTO operator_sessions (token_hash, expires) VALUES (?1, ?2)")
        .bind(token.hash().as_slice())
        .bind(now + seconds(OPERATOR_TTL)?)
        .execute(&state.db)
        .await?;
    Ok((
        [
            (
                header::SET_COOKIE,
                token.cookie(OPERATOR_COOKIE, OPERATOR_TTL)?,
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Json(json!({ "signed_in": true })),
    )
        .into_response())
}

/// `POST /operator/signout`: ends the operator's page session and clears
/// its cookie.
async fn operator_sign_out(
    State(state): State<Arc<AppState>>,
    operator: OperatorSignedIn,
) -> ApiResult<Response> {
    sqlx::query("DELETE FROM operator_sessions WHERE token_hash = ?1")
        .bind(operator.token_hash.as_slice())
        .execute(&state.db)
        .await?;
    Ok((
        [cleared_cookie(OPERATOR_COOKIE)],
        Json(json!({ "signed_out": true })),
    )
        .into_response())
}

/// `GET /operator/signin`: the operator's sign-in page, whose form posts
/// the token to `POST /operator/signin` and goes on to the report page.
async fn operator_sign_in_page() -> Response {
    let body = "<form id=\"operator-form\" method=\"post\" data-path=\"/operator/signin\" data-next=\"/audit/page\">\n\
         <label>The operator's token <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required></label>\n\
         <button id=\"operator-sign-in\" type=\"submit\">Sign in</button>\n</form>\n";
    page(StatusCode::OK, "Operator sign-in", body)
}

/// `GET /audit/page`, the operator's, signed in on the operator's page:
/// the audit's report of `GET /audit` as tables: distinct accounts and
/// uses per purpose, capability, recipient and outcome, and the refusals
/// by reason.
async fn audit_page(
    State(state): State<Arc<AppState>>,
    operator: Result<OperatorSignedIn, ApiError>,
) -> PageResult {
    operator?;
    let (from, to, report) = report_until_now(&state).await?;
    let mut body = format!(
        "<p>Uses from <time id=\"from\">{}</time> to <time id=\"to\">{}</time>, counted in \
         accounts. <button id=\"sign-out\" type=\"button\" data-method=\"POST\" \
         data-path=\"/operator/signout\" data-next=\"/operator/signin\">Sign out</button></p>\n",
        utc(from),
        utc(to)
    );
    if report.lines.is_empty() {
        body.push_str("<p id=\"no-uses\">No use recorded in this range.</p>\n");
    } else {
        body.push_str(
            "<table id=\"report\">\n<thead><tr><th>Purpose</th><th>Capability</th>\
             <th>Recipient</th><th>Outcome</th><th>Reason</th><th>Accounts</th><th>Uses</th>\
             </tr></thead>\n<tbody>\n",
        );
        for line in &report.lines {
            body.push_str(&format!(
                "<tr><td class=\"purpose\">{}</td><td class=\"capability\">{}</td>\
                 <td class=\"via\">{}</td><td class=\"outcome\">{}</td><td class=\"reason\">{}</td>\
                 <td class=\"subjects\">{}</td><td class=\"uses\">{}</td></tr>\n",
                escape(&line.purpose),
                escape(line.capability.as_deref().unwrap_or("(adopt)")),
                escape(&line.via),
                escape(&line.outcome),
                escape(line.reason.as_deref().unwrap_or("")),
                line.subjects,
                line.uses,
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("<h2>Refusals by reason</h2>\n");
    let refusals = report.refusals();
    if refusals.is_empty() {
        body.push_str("<p id=\"no-refusals\">No use was refused.</p>\n");
    } else {
        body.push_str(
            "<table id=\"refusals\">\n<thead><tr><th>Reason</th><th>Uses</th></tr></thead>\n<tbody>\n",
        );
        for (reason, uses) in refusals {
            body.push_str(&format!(
                "<tr><td class=\"reason\">{}</td><td class=\"uses\">{uses}</td></tr>\n",
                escape(reason)
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }
    Ok(page(StatusCode::OK, "Audit report", &body))
}

#[allow(
    dead_code,
    reason = "tests/test_http_service.rs includes this file and calls `app`"
)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // The key would come from a KMS.
    let keyring = Keyring::new(1, &mut [0x5e; 32]);
    // The operator's token would come from a secret store too; without one,
    // a new one for this run.
    let operator_token = match std::env::var("OPERATOR_TOKEN") {
        Ok(token) if token.len() >= 32 => token,
        Ok(_) => return Err("OPERATOR_TOKEN is shorter than 32 characters".into()),
        Err(_) => {
            let mut token = [0_u8; 32];
            getrandom::fill(&mut token)?;
            let token: String = token.iter().map(|byte| format!("{byte:02x}")).collect();
            println!("operator token (set OPERATOR_TOKEN to choose one): {token}");
            token
        }
    };
    // The consent ledger and the audit, in a file of their own; the audit
    // is the process's sink, so every hand-off is counted.
    let records = Arc::new(SqliteStore::open("http-service-records.db")?);
    purpose_bound_store::AuditLog::start(
        records.clone(),
        keyring.ledger_key(),
        purpose_bound_store::AuditConfig::default(),
    )?
    .install()
    .map_err(|_| "an audit sink is installed already")?;
    let app = app(
        database().await?,
        records,
        keyring,
        ConsoleGateway::default(),
        &operator_token,
    )?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_counts_days_and_leap_years() {
        for (seconds, shown) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (951_868_799, "2000-02-29T23:59:59Z"),
            (951_868_800, "2000-03-01T00:00:00Z"),
            (1_772_357_400, "2026-03-01T09:30:00Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (4_107_542_400, "2100-03-01T00:00:00Z"),
        ] {
            assert_eq!(utc(Duration::from_secs(seconds)), shown, "{seconds}");
        }
    }

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&amp;</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("Ada •••• é"), "Ada •••• é");
    }
}
