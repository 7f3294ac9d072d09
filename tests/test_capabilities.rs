//! Each capability hands the raw value to exactly one road, with the message it names.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

use std::convert::Infallible;
use std::time::Duration;

use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord,
    Device, EmailAddress, Identifier, Mail, Marketing, MatchAudience, Message, Notice, OtpCode,
    PhoneNumber, Platform, Recipient, SendAccountNotice, SendOtp, Sms, Transport, TwoFactor,
};

/// When the test consents were given, and a moment they are live.
const GIVEN: Duration = Duration::from_secs(1_767_225_600);
const NOW: Duration = Duration::from_secs(1_767_225_600 + 86_400);

/// What a transport was asked to deliver, written down.
#[derive(Debug, PartialEq, Eq)]
enum Sent {
    Code { to: String, code: String },
    Notice { to: String, text: String },
    Marketing { to: String, text: String },
}

#[derive(Default)]
struct Recorder(Vec<Sent>);

impl Recorder {
    fn record(&mut self, to: &str, message: Message<'_>) {
        let to = to.to_owned();
        self.0.push(match message {
            Message::OneTimeCode(code) => Sent::Code {
                to,
                code: code.expose_secret().to_owned(),
            },
            Message::Notice(notice) => Sent::Notice {
                to,
                text: notice.name().to_owned(),
            },
            Message::Promotion(text) => Sent::Marketing {
                to,
                text: text.to_owned(),
            },
            other => panic!("unexpected message {other:?}"),
        });
    }
}

impl Transport<Sms> for Recorder {
    type Error = Infallible;

    fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Infallible> {
        self.record(to.expose_secret(), message);
        Ok(())
    }
}

impl Transport<Mail> for Recorder {
    type Error = Infallible;

    fn send(&mut self, to: Recipient<'_, Mail>, message: Message<'_>) -> Result<(), Infallible> {
        self.record(to.expose_secret(), message);
        Ok(())
    }
}

/// A gateway that is down.
struct Down;

#[derive(Debug, PartialEq, Eq)]
struct Unavailable;

impl Transport<Sms> for Down {
    type Error = Unavailable;

    fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Unavailable> {
        Err(Unavailable)
    }
}

fn consent<P: purpose_bound::RequiresConsent>() -> Consent<P> {
    Consent::new(ConsentRecord::new(
        ConsentId::new(1).unwrap(),
        "user-42",
        GIVEN,
        "policy-v1",
        ConsentChannel::Web,
    ))
    .unwrap()
}

#[test]
fn one_time_codes_reach_two_factor_and_recovery_identifiers_in_canonical_form() {
    let mut gateway = Recorder::default();
    let code = OtpCode::generate(6).unwrap();

    PhoneNumber::<TwoFactor>::parse("+1 (415) 555-2671")
        .unwrap()
        .send_otp(&mut gateway, &code)
        .unwrap();
    PhoneNumber::<AccountRecovery>::parse("+44 20 7946 0958")
        .unwrap()
        .send_otp(&mut gateway, &code)
        .unwrap();
    EmailAddress::<TwoFactor>::parse(" Ada@Example.COM ")
        .unwrap()
        .send_otp(&mut gateway, &code)
        .unwrap();
    EmailAddress::<AccountRecovery>::parse("ada@example.com")
        .unwrap()
        .send_otp(&mut gateway, &code)
        .unwrap();

    let code = code.expose_secret().to_owned();
    assert_eq!(
        gateway.0,
        [
            Sent::Code {
                to: "+14155552671".into(),
                code: code.clone()
            },
            Sent::Code {
                to: "+442079460958".into(),
                code: code.clone()
            },
            Sent::Code {
                to: "Ada@example.com".into(),
                code: code.clone()
            },
            Sent::Code {
                to: "ada@example.com".into(),
                code
            },
        ]
    );
}

#[test]
fn notices_and_marketing_carry_their_kind() {
    let mut gateway = Recorder::default();
    PhoneNumber::<AccountNotice>::parse("+14155552671")
        .unwrap()
        .send_account_notice(&mut gateway, &Notice::PasswordChanged { at: NOW })
        .unwrap();
    EmailAddress::<AccountNotice>::parse("ada@example.com")
        .unwrap()
        .send_account_notice(
            &mut gateway,
            &Notice::NewSignIn {
                device: Device::Phone,
                place: None,
                at: NOW,
            },
        )
        .unwrap();
    let marketing = consent::<Marketing>();
    marketing
        .parse_phone("+14155552671")
        .unwrap()
        .send_marketing(&marketing, NOW, &mut gateway, "spring-sale")
        .unwrap();
    marketing
        .parse_email("ada@example.com")
        .unwrap()
        .send_marketing(&marketing, NOW, &mut gateway, "newsletter")
        .unwrap();

    assert_eq!(
        gateway.0,
        [
            Sent::Notice {
                to: "+14155552671".into(),
                text: "password_changed".into()
            },
            Sent::Notice {
                to: "ada@example.com".into(),
                text: "new_sign_in".into()
            },
            Sent::Marketing {
                to: "+14155552671".into(),
                text: "spring-sale".into()
            },
            Sent::Marketing {
                to: "ada@example.com".into(),
                text: "newsletter".into()
            },
        ]
    );
}

#[test]
fn the_transport_error_is_returned_as_it_is() {
    let phone = PhoneNumber::<TwoFactor>::parse("+14155552671").unwrap();
    let code = OtpCode::generate(6).unwrap();
    assert_eq!(phone.send_otp(&mut Down, &code), Err(Unavailable));
}

#[test]
fn trait_objects_serve_as_transports() {
    let phone = PhoneNumber::<TwoFactor>::parse("+14155552671").unwrap();
    let code = OtpCode::generate(8).unwrap();
    let mut recorder = Recorder::default();
    let gateway: &mut dyn Transport<Sms, Error = Infallible> = &mut recorder;
    phone.send_otp(gateway, &code).unwrap();
    assert_eq!(recorder.0.len(), 1);
}

/// Code generic over identifiers picks the transport by the identifier's channel.
fn send_code<I: SendOtp, T: Transport<I::Channel>>(
    id: &I,
    transport: &mut T,
) -> Result<OtpCode, T::Error> {
    let code = OtpCode::generate(6).unwrap();
    id.send_otp(transport, &code).map(|()| code)
}

#[test]
fn generic_code_reaches_both_kinds() {
    let mut gateway = Recorder::default();
    let phone = PhoneNumber::<TwoFactor>::parse("+14155552671").unwrap();
    let email = EmailAddress::<AccountRecovery>::parse("ada@example.com").unwrap();
    let a = send_code(&phone, &mut gateway).unwrap();
    let b = send_code(&email, &mut gateway).unwrap();
    assert!(matches!(&gateway.0[0], Sent::Code { code, .. } if a.verify(code)));
    assert!(matches!(&gateway.0[1], Sent::Code { code, .. } if b.verify(code)));
}

#[test]
fn trait_and_inherent_methods_agree() {
    let mut by_trait = Recorder::default();
    let mut by_method = Recorder::default();
    let email = EmailAddress::<AccountNotice>::parse("ada@example.com").unwrap();
    let notice = Notice::AccountLocked {
        at: NOW,
        until: None,
    };
    SendAccountNotice::send_account_notice(&email, &mut by_trait, &notice).unwrap();
    email.send_account_notice(&mut by_method, &notice).unwrap();
    assert_eq!(by_trait.0, by_method.0);

    let advertising = consent::<Advertising>();
    let phone = advertising.parse_phone("+14155552671").unwrap();
    assert_eq!(
        MatchAudience::match_key(&phone, &advertising, NOW, Platform::Meta).unwrap(),
        phone.match_key(&advertising, NOW, Platform::Meta).unwrap()
    );
}

#[test]
fn identifiers_name_their_purpose_and_channel() {
    fn channel<I: Identifier>(_: &I) -> &'static str {
        std::any::type_name::<I::Channel>()
    }
    fn purpose<I: Identifier>(_: &I) -> &'static str {
        <I::Purpose as purpose_bound::Purpose>::TAG
    }
    let phone = PhoneNumber::<AccountNotice>::parse("+14155552671").unwrap();
    let email = EmailAddress::<TwoFactor>::parse("ada@example.com").unwrap();
    assert!(channel(&phone).ends_with("Sms"));
    assert!(channel(&email).ends_with("Mail"));
    assert_eq!(purpose(&phone), "account_notice");
    assert_eq!(purpose(&email), "two_factor");
}

#[test]
fn message_debug_shows_only_the_kind() {
    let code = OtpCode::generate(6).unwrap();
    let shown = format!(
        "{:?} {:?} {:?}",
        Message::OneTimeCode(&code),
        Message::Notice(&Notice::RecoveryUsed { at: NOW }),
        Message::Promotion("secret offer")
    );
    assert_eq!(
        shown,
        "Message::OneTimeCode(..) Message::Notice(..) Message::Promotion(..)"
    );
}
