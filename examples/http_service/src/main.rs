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

use std::error::Error;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, AsyncTransport, Attempt, Audience, Challenge,
    Channel, Consent, ConsentChannel, ConsentId, ConsentRecord, EmailAddress, Keyring, Marketing,
    Message, PhoneNumber, Platform, Recipient, RequiresConsent, Sealed, TwoFactor,
};
use serde::Deserialize;
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
}

impl ConsoleGateway {
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
            Message::Notice(text) | Message::Promotion(text) => text.to_owned(),
            _ => "(a message of a kind this gateway does not know)".to_owned(),
        };
        // Where a real gateway awaits the provider's answer.
        tokio::task::yield_now().await;
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

/// An error as the client sees it: a status and a message that never holds
/// an identifier (the crate's errors never contain their input).
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl ApiError {
    fn new(status: StatusCode, message: impl fmt::Display) -> Self {
        Self(status, message.to_string())
    }

    fn internal(err: impl fmt::Display) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, err)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::new(
                StatusCode::CONFLICT,
                "that phone number is already registered",
            ),
            sqlx::Error::RowNotFound => Self::new(StatusCode::NOT_FOUND, "no such user"),
            err => Self::internal(err),
        }
    }
}

type ApiResult<T = Json<Value>> = Result<T, ApiError>;

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
    Json(form): Json<SignUp>,
) -> ApiResult<(StatusCode, Json<Value>)> {
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
            "Welcome! This number now signs you in.",
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
    Json(form): Json<SignIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if let Some(user_id) = user_by_phone(&state, &form.phone).await? {
        let phone: PhoneNumber<TwoFactor> = form.phone.narrow();
        let (challenge, code) =
            Challenge::issue(&state.keyring, &phone, now()?, CODE_TTL, CODE_ATTEMPTS, 6)
                .map_err(ApiError::internal)?;
        phone
            .send_otp_async(&mut state.gateway.clone(), &code)
            .await
            .map_err(ApiError::internal)?;
        sqlx::query(
            "INSERT INTO challenges (user_id, challenge) VALUES (?1, ?2)
             ON CONFLICT (user_id) DO UPDATE SET challenge = excluded.challenge",
        )
        .bind(user_id)
        .bind(challenge.to_bytes().to_vec())
        .execute(&state.db)
        .await?;
    }
    Ok((StatusCode::ACCEPTED, Json(json!({ "sent": true }))))
}

/// `POST /signin/verify`: checks the code against the stored challenge, and
/// stores the challenge back with a compare-and-set, so that an attempt is
/// spent once and a code accepted once.
async fn verify_sign_in(State(state): State<Arc<AppState>>, Json(form): Json<SignIn>) -> ApiResult {
    let refused = |why: &dyn fmt::Display| ApiError::new(StatusCode::UNAUTHORIZED, why);
    let user_id = user_by_phone(&state, &form.phone)
        .await?
        .ok_or_else(|| refused(&"no code was sent to this number"))?;
    let stored: Vec<u8> = sqlx::query_scalar("SELECT challenge FROM challenges WHERE user_id = ?1")
        .bind(user_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(|| refused(&"no code was sent to this number"))?;
    let read =
        Challenge::<PhoneNumber<TwoFactor>>::from_bytes(&stored).map_err(ApiError::internal)?;
    let phone: PhoneNumber<TwoFactor> = form.phone.narrow();
    let Attempt {
        challenge,
        outcome: verified,
    } = read.verify(&state.keyring, &phone, &form.code, now()?);
    let stored_back =
        sqlx::query("UPDATE challenges SET challenge = ?1 WHERE user_id = ?2 AND challenge = ?3")
            .bind(challenge.to_bytes().to_vec())
            .bind(user_id)
            .bind(&stored)
            .execute(&state.db)
            .await?
            .rows_affected();
    if stored_back != 1 {
        return Err(refused(&"another attempt came first; try again"));
    }
    verified.map_err(|err| refused(&err))?;
    Ok(Json(json!({ "user": user_id, "signed_in": true })))
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
    Path(user_id): Path<i64>,
    Json(form): Json<OptIn>,
) -> ApiResult {
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
    Path(user_id): Path<i64>,
) -> ApiResult {
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
async fn newsletter(State(state): State<Arc<AppState>>, Json(form): Json<Newsletter>) -> ApiResult {
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
