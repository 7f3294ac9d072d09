//! An account service over HTTP: axum, sqlx on SQLite, tokio, and an async
//! console gateway standing in for an SMS provider and a mail server.
//!
//! ```sh
//! cargo run -p http-service
//! ```
//!
//! Then, from another shell (the numbers and addresses are fictional):
//!
//! ```sh
//! curl -si localhost:3000/signup -H 'content-type: application/json' \
//!   -d '{"name": "Ada", "phone": "+44 20 7946 0958", "recovery_email": "ada@example.com"}'
//! curl -si localhost:3000/signin -H 'content-type: application/json' \
//!   -d '{"phone": "+44 20 7946 0958"}'
//! curl -si localhost:3000/signin/verify -H 'content-type: application/json' \
//!   -d '{"phone": "+44 20 7946 0958", "code": "<the code the gateway printed>"}'
//! curl -si -X POST localhost:3000/users/1/marketing -H 'content-type: application/json' \
//!   -d '{"wording": "offers-sms-2026-03"}'
//! curl -si -X POST localhost:3000/users/1/advertising -H 'content-type: application/json' \
//!   -d '{"wording": "ads-matching-v1"}'
//! curl -si -X POST localhost:3000/newsletter -H 'content-type: application/json' \
//!   -d '{"text": "The March offers are here"}'
//! curl -si localhost:3000/audience
//! curl -si -X DELETE localhost:3000/users/1/marketing
//! curl -si -X DELETE localhost:3000/users/1/advertising
//! ```
//!
//! Every identifier column is a BLOB holding a sealed value (`keyring.seal`):
//! the database never holds a raw number or address, and a value opens only
//! as the purpose (and consent) it was sealed for. The gateway prints the raw
//! recipient, because a gateway is the one place the crate hands it over.
//! `examples/http_service/tests/test_http_service.rs` starts this app on loopback and drives every
//! endpoint.
//!
//! What a penetration test looks for is closed here too: `/signin` and
//! `/signin/verify` answer the same, after the same work, whether or not a
//! number has an account; every refusal, axum's extractors' included, is one
//! JSON shape, `{"error": {"rule", "field", "message"}}`, that never repeats
//! what was sent; bodies larger than [`BODY_LIMIT`] are refused with 413, and
//! each free-text field has a length limit (422).

use std::error::Error;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, AsyncTransport, Attempt, Audience, Challenge,
    Channel, Consent, ConsentChannel, ConsentId, ConsentRecord, EmailAddress, Keyring, Marketing,
    Message, Notice, OtpCode, PhoneNumber, Platform, Recipient, RequiresConsent, Sealed, TwoFactor,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sqlx::SqlitePool;
use sqlx::sqlite::SqlitePoolOptions;

/// Identifier columns are sealed BLOBs; the unique index works on them,
/// because equal identifiers of one purpose seal to equal bytes. Consents
/// are rows of their own, withdrawals included; a sign-in challenge holds
/// neither the code nor the number.
const SCHEMA: &str = "
    CREATE TABLE users (
        id                INTEGER PRIMARY KEY,
        name              TEXT NOT NULL,
        security_phone    BLOB NOT NULL UNIQUE,  -- (TwoFactor, AccountNotice)
        recovery_email    BLOB NOT NULL,         -- AccountRecovery
        marketing_phone   BLOB,                  -- Marketing, under a consent
        advertising_phone BLOB                   -- Advertising, under a consent
    );
    CREATE TABLE consents (
        id        INTEGER PRIMARY KEY,
        user_id   INTEGER NOT NULL REFERENCES users (id),
        purpose   TEXT NOT NULL,     -- the purpose's tag
        subject   TEXT NOT NULL,
        given     INTEGER NOT NULL,  -- seconds since the Unix epoch
        wording   TEXT NOT NULL,
        channel   TEXT NOT NULL,
        withdrawn INTEGER            -- seconds since the Unix epoch
    );
    CREATE TABLE challenges (
        user_id   INTEGER PRIMARY KEY REFERENCES users (id),
        challenge BLOB NOT NULL
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

/// What every handler shares.
#[derive(Debug)]
pub struct AppState {
    db: SqlitePool,
    keyring: Keyring,
    gateway: ConsoleGateway,
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

    fn no_such_user() -> Self {
        Self::new(StatusCode::NOT_FOUND, "no_such_user", "no such user")
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
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::new(
                StatusCode::CONFLICT,
                "already_registered",
                "that phone number is already registered",
            ),
            sqlx::Error::RowNotFound => Self::no_such_user(),
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

/// The `{id}` of a `/users/{id}/…` path; anything but a number is refused
/// in the service's shape, without repeating it.
struct UserId(i64);

impl<S: Send + Sync> FromRequestParts<S> for UserId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<i64>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| Self(id))
            .map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_path",
                    "the user id is not a number",
                )
                .field("id")
            })
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

/// The service's routes.
pub fn app(db: SqlitePool, keyring: Keyring, gateway: ConsoleGateway) -> Router {
    let state = Arc::new(AppState {
        db,
        keyring,
        gateway,
    });
    Router::new()
        .route("/signup", post(sign_up))
        .route("/signin", post(sign_in))
        .route("/signin/verify", post(verify_sign_in))
        .route(
            "/users/{id}/marketing",
            post(opt_in::<Marketing>).delete(opt_out::<Marketing>),
        )
        .route(
            "/users/{id}/advertising",
            post(opt_in::<Advertising>).delete(opt_out::<Advertising>),
        )
        .route("/newsletter", post(newsletter))
        .route("/audience", get(audience))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "the endpoint does not take this method",
            )
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// The sign-up form: bare input from the user, parsed on the way in.
#[derive(Deserialize)]
struct SignUp {
    name: String,
    #[serde(deserialize_with = "purpose_bound::intake")]
    phone: SecurityPhone,
    #[serde(deserialize_with = "purpose_bound::intake")]
    recovery_email: EmailAddress<AccountRecovery>,
}

/// `POST /signup`: stores the user with sealed identifiers and sends a
/// welcome notice to the phone.
async fn sign_up(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<SignUp>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    check_text("name", &form.name, NAME_MAX)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (name, security_phone, recovery_email) VALUES (?1, ?2, ?3) RETURNING id",
    )
    .bind(&form.name)
    .bind(state.keyring.seal(&form.phone))
    .bind(state.keyring.seal(&form.recovery_email))
    .fetch_one(&state.db)
    .await?;
    form.phone
        .narrow::<AccountNotice>()
        .send_account_notice_async(
            &mut state.gateway.clone(),
            &Notice::PhoneNumberChanged { at: now()? },
        )
        .await
        .map_err(ApiError::internal)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// How long a sign-in code is good for, and how many tries it allows.
const CODE_TTL: Duration = Duration::from_secs(300);
const CODE_ATTEMPTS: u8 = 3;

/// A sign-in form: the phone as the user types it.
#[derive(Deserialize)]
struct SignIn {
    #[serde(deserialize_with = "purpose_bound::intake")]
    phone: SecurityPhone,
    /// The code, for `/signin/verify`.
    #[serde(default)]
    code: String,
}

/// The user whose security phone this is: the sealed column is looked up
/// by the sealed value, which equal numbers share.
async fn user_by_phone(state: &AppState, phone: &SecurityPhone) -> ApiResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE security_phone = ?1")
            .bind(state.keyring.seal(phone))
            .fetch_optional(&state.db)
            .await?,
    )
}

/// `POST /signin`: sends a one-time code to the user's phone and stores its
/// challenge (never the code, never the number). The answer is the same
/// whether or not the number is registered.
async fn sign_in(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<SignIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    // The same work for every number before the answer: a challenge is
    // issued, and for a registered number stored and sent after it. The
    // answer and its timing then say nothing of which numbers have
    // accounts, however slow the gateway.
    let phone: PhoneNumber<TwoFactor> = form.phone.narrow();
    let (challenge, code) =
        Challenge::issue(&state.keyring, &phone, now()?, CODE_TTL, CODE_ATTEMPTS, 6)
            .map_err(ApiError::internal)?;
    if let Some(user_id) = user_by_phone(&state, &form.phone).await? {
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
/// spent once and a code accepted once.
///
/// Every refusal is the same answer, whatever its reason (an unregistered
/// number, no code sent, a wrong, expired or used-up code, a concurrent
/// attempt), and takes the same work: for a number with no challenge a
/// throwaway one is issued for it and verified, and the same statements
/// run. Otherwise the answer would tell which numbers have accounts.
async fn verify_sign_in(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<SignIn>,
) -> ApiResult {
    if form.code.chars().count() > CODE_MAX {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "field_too_long",
            format_args!("`code` is longer than {CODE_MAX} characters"),
        )
        .field("code"));
    }
    let now = now()?;
    // No row has id 0: SQLite's rowids start at 1.
    let user_id = user_by_phone(&state, &form.phone).await?;
    let row_id = user_id.unwrap_or(0);
    let stored: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT challenge FROM challenges WHERE user_id = ?1")
            .bind(row_id)
            .fetch_optional(&state.db)
            .await?;
    let phone: PhoneNumber<TwoFactor> = form.phone.narrow();
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
            .execute(&state.db)
            .await?
            .rows_affected();
    match user_id {
        Some(user_id) if real && stored_back == 1 && verified.is_ok() => {
            Ok(Json(json!({ "user": user_id, "signed_in": true })))
        }
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "sign_in_refused",
            "the code is wrong, expired or used up, or was not sent to this number; request a new one",
        )),
    }
}

/// A user's security phone, opened from its sealed column.
async fn security_phone(state: &AppState, user_id: i64) -> ApiResult<SecurityPhone> {
    let sealed: Sealed<SecurityPhone> =
        sqlx::query_scalar("SELECT security_phone FROM users WHERE id = ?1")
            .bind(user_id)
            .fetch_one(&state.db)
            .await?;
    state.keyring.open(&sealed).map_err(ApiError::internal)
}

/// The statements on the column where each consent purpose keeps its
/// identifier (constant SQL: sqlx refuses statements built at run time).
trait ConsentColumn: RequiresConsent {
    /// Stores the adopted identifier: `?1` the sealed value, `?2` the user.
    const STORE: &'static str;
    /// Erases it: `?1` the user.
    const ERASE: &'static str;
    /// Every user's, with the user's id.
    const ALL: &'static str;
}

impl ConsentColumn for Marketing {
    const STORE: &'static str = "UPDATE users SET marketing_phone = ?1 WHERE id = ?2";
    const ERASE: &'static str =
        "UPDATE users SET marketing_phone = NULL WHERE id = ?1 AND marketing_phone IS NOT NULL";
    const ALL: &'static str =
        "SELECT id, marketing_phone FROM users WHERE marketing_phone IS NOT NULL ORDER BY id";
}

impl ConsentColumn for Advertising {
    const STORE: &'static str = "UPDATE users SET advertising_phone = ?1 WHERE id = ?2";
    const ERASE: &'static str =
        "UPDATE users SET advertising_phone = NULL WHERE id = ?1 AND advertising_phone IS NOT NULL";
    const ALL: &'static str =
        "SELECT id, advertising_phone FROM users WHERE advertising_phone IS NOT NULL ORDER BY id";
}

#[derive(Deserialize)]
struct OptIn {
    wording: String,
}

/// `POST /users/{id}/marketing` and `/advertising`: records `P`'s consent
/// for the user and adopts the user's security phone into `P`: the user does
/// not type the number again.
async fn opt_in<P: ConsentColumn>(
    State(state): State<Arc<AppState>>,
    UserId(user_id): UserId,
    JsonBody(form): JsonBody<OptIn>,
) -> ApiResult {
    check_text("wording", &form.wording, WORDING_MAX)?;
    let state = &*state;
    let phone = security_phone(state, user_id).await?;
    let given = now()?;
    let subject = format!("user-{user_id}");
    let channel = ConsentChannel::Web;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO consents (user_id, purpose, subject, given, wording, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )
    .bind(user_id)
    .bind(P::TAG)
    .bind(&subject)
    .bind(seconds(given)?)
    .bind(&form.wording)
    .bind(channel.as_str())
    .fetch_one(&state.db)
    .await?;
    let id = u64::try_from(id)
        .ok()
        .and_then(ConsentId::new)
        .ok_or_else(|| ApiError::internal("row id 0"))?;
    let consent = Consent::<P>::new(ConsentRecord::new(
        id,
        subject,
        given,
        form.wording,
        channel,
    ))
    .map_err(ApiError::internal)?;
    let adopted = consent.adopt(&phone);
    sqlx::query(P::STORE)
        .bind(state.keyring.seal(&adopted))
        .bind(user_id)
        .execute(&state.db)
        .await?;
    Ok(Json(
        json!({ "consent": consent.id().get(), "phone": adopted.masked().to_string() }),
    ))
}

/// `DELETE /users/{id}/marketing` and `/advertising`: withdraws the user's
/// consent for `P` and erases the identifier it collected.
async fn opt_out<P: ConsentColumn>(
    State(state): State<Arc<AppState>>,
    UserId(user_id): UserId,
) -> ApiResult {
    // As `POST`: an unknown user is 404, not an empty success.
    let _: i64 = sqlx::query_scalar("SELECT id FROM users WHERE id = ?1")
        .bind(user_id)
        .fetch_one(&state.db)
        .await?;
    let at = seconds(now()?)?;
    let withdrawn = sqlx::query(
        "UPDATE consents SET withdrawn = ?1
         WHERE user_id = ?2 AND purpose = ?3 AND withdrawn IS NULL",
    )
    .bind(at)
    .bind(user_id)
    .bind(P::TAG)
    .execute(&state.db)
    .await?
    .rows_affected();
    let erased = sqlx::query(P::ERASE)
        .bind(user_id)
        .execute(&state.db)
        .await?
        .rows_affected();
    Ok(Json(json!({ "withdrawn": withdrawn, "erased": erased })))
}

/// The consent `user_id` gave for `P`, withdrawal included, if any.
async fn load_consent<P: RequiresConsent>(
    state: &AppState,
    user_id: i64,
) -> ApiResult<Option<Consent<P>>> {
    let row: Option<(i64, String, i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, subject, given, wording, channel, withdrawn FROM consents
         WHERE user_id = ?1 AND purpose = ?2 ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(P::TAG)
    .fetch_optional(&state.db)
    .await?;
    let Some((id, subject, given, wording, channel, withdrawn)) = row else {
        return Ok(None);
    };
    let at = |s: i64| {
        u64::try_from(s)
            .map(Duration::from_secs)
            .map_err(ApiError::internal)
    };
    let id = u64::try_from(id)
        .ok()
        .and_then(ConsentId::new)
        .ok_or_else(|| ApiError::internal("row id 0"))?;
    let channel = channel.parse().map_err(ApiError::internal)?;
    let mut record = ConsentRecord::new(id, subject, at(given)?, wording, channel);
    if let Some(withdrawn) = withdrawn {
        record = record.withdrawn_at(at(withdrawn)?);
    }
    Consent::new(record).map(Some).map_err(ApiError::internal)
}

/// The users with an identifier in `P`'s column, each with its consent.
async fn consented_rows<P: ConsentColumn>(
    state: &AppState,
) -> ApiResult<Vec<(PhoneNumber<P>, Consent<P>)>> {
    let rows: Vec<(i64, Sealed<PhoneNumber<P>>)> =
        sqlx::query_as(P::ALL).fetch_all(&state.db).await?;
    let mut pairs = Vec::new();
    for (user_id, sealed) in rows {
        if let Some(consent) = load_consent::<P>(state, user_id).await? {
            let phone = consent
                .open(&state.keyring, &sealed)
                .map_err(ApiError::internal)?;
            pairs.push((phone, consent));
        }
    }
    Ok(pairs)
}

#[derive(Deserialize)]
struct Newsletter {
    text: String,
}

/// `POST /newsletter`: sends to every marketing number, each only under its
/// own consent, live now.
async fn newsletter(
    State(state): State<Arc<AppState>>,
    JsonBody(form): JsonBody<Newsletter>,
) -> ApiResult {
    check_text("text", &form.text, NEWSLETTER_MAX)?;
    let at = now()?;
    let (mut sent, mut refused) = (0, 0);
    let mut gateway = state.gateway.clone();
    for (phone, consent) in consented_rows::<Marketing>(&state).await? {
        match phone
            .send_marketing_async(&consent, at, &mut gateway, &form.text)
            .await
        {
            Ok(()) => sent += 1,
            Err(purpose_bound::SendError::Consent(_)) => refused += 1,
            Err(err) => return Err(ApiError::internal(err)),
        }
    }
    Ok(Json(json!({ "sent": sent, "refused": refused })))
}

/// `GET /audience`: Meta match keys of every advertising number whose
/// consent is live, and how many rows were left out, and why.
async fn audience(State(state): State<Arc<AppState>>) -> ApiResult {
    let rows = consented_rows::<Advertising>(&state).await?;
    let audience = Audience::export(rows, Platform::Meta, now()?);
    Ok(Json(json!({
        "platform": Platform::Meta.name(),
        "keys": audience.keys().len(),
        "left_out": audience.left_out(),
        "withdrawn": audience.withdrawn(),
        "expired": audience.expired(),
        "refused": audience.refused(),
    })))
}

#[allow(
    dead_code,
    reason = "tests/test_http_service.rs includes this file and calls `app`"
)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // The key would come from a KMS.
    let keyring = Keyring::new(1, &mut [0x5e; 32]);
    let app = app(database().await?, keyring, ConsoleGateway::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
