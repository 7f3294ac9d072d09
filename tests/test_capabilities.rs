//! Each capability hands the raw value to exactly one road, with the message it names.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::convert::Infallible;

use common::{Down, NOW, Outbox, Rnd, Sent};
use purpose_bound::CheckedSms;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Device, EmailAddress, Identifier, Mail, Marketing,
    MatchAudience, Message, Notice, OtpCode, PhoneNumber, Platform, SendAccountNotice, SendError,
    SendOtp, Sms, Transport, TwoFactor,
};

#[test]
fn one_time_codes_reach_two_factor_and_recovery_identifiers_in_canonical_form() {
    let (mut sms, mut mail) = (Outbox::<Sms>::default(), Outbox::<Mail>::default());
    let code = OtpCode::generate(6).unwrap();

    PhoneNumber::<TwoFactor>::parse("+1 (415) 555-2671")
        .unwrap()
        .send_otp(&mut sms, &code)
        .unwrap();
    PhoneNumber::<AccountRecovery>::parse("+44 20 7946 0958")
        .unwrap()
        .send_otp(&mut sms, &code)
        .unwrap();
    EmailAddress::<TwoFactor>::parse(" Ada@Example.COM ")
        .unwrap()
        .send_otp(&mut mail, &code)
        .unwrap();
    EmailAddress::<AccountRecovery>::parse("ada@example.com")
        .unwrap()
        .send_otp(&mut mail, &code)
        .unwrap();

    let code = Sent::Code(code.expose_secret().to_owned());
    assert_eq!(
        sms.delivered(),
        [
            ("+14155552671", code.clone()),
            ("+442079460958", code.clone())
        ]
    );
    assert_eq!(
        mail.delivered(),
        [("Ada@example.com", code.clone()), ("ada@example.com", code)]
    );
}

#[test]
fn notices_and_marketing_carry_their_kind() {
    let (mut sms, mut mail) = (Outbox::<Sms>::default(), Outbox::<Mail>::default());
    PhoneNumber::<AccountNotice>::parse("+14155552671")
        .unwrap()
        .send_account_notice(&mut sms, &Notice::PasswordChanged { at: NOW })
        .unwrap();
    EmailAddress::<AccountNotice>::parse("ada@example.com")
        .unwrap()
        .send_account_notice(
            &mut mail,
            &Notice::NewSignIn {
                device: Device::Phone,
                place: None,
                at: NOW,
            },
        )
        .unwrap();
    let marketing = common::consent::<Marketing>(1);
    marketing
        .parse_phone("+14155552671")
        .unwrap()
        .send_marketing(
            &marketing,
            NOW,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "spring-sale",
        )
        .unwrap();
    marketing
        .parse_email("ada@example.com")
        .unwrap()
        .send_marketing(&marketing, NOW, &mut mail, "newsletter")
        .unwrap();

    assert_eq!(
        sms.delivered(),
        [
            ("+14155552671", Sent::Notice("password_changed")),
            ("+14155552671", Sent::Marketing("spring-sale".into())),
        ]
    );
    assert_eq!(
        mail.delivered(),
        [
            ("ada@example.com", Sent::Notice("new_sign_in")),
            ("ada@example.com", Sent::Marketing("newsletter".into())),
        ]
    );
}

#[test]
fn the_transport_error_is_returned_as_it_is() {
    let phone = PhoneNumber::<TwoFactor>::parse("+14155552671").unwrap();
    let code = OtpCode::generate(6).unwrap();
    assert_eq!(
        phone.send_otp(&mut Down, &code),
        Err(SendError::Transport("gateway down"))
    );
}

#[test]
fn trait_objects_serve_as_transports() {
    let phone = PhoneNumber::<TwoFactor>::parse("+14155552671").unwrap();
    let code = OtpCode::generate(8).unwrap();
    let mut outbox = Outbox::<Sms>::default();
    let gateway: &mut dyn Transport<Sms, Error = Infallible> = &mut outbox;
    phone.send_otp(gateway, &code).unwrap();
    assert_eq!(
        outbox.delivered(),
        [("+14155552671", Sent::Code(code.expose_secret().to_owned()))]
    );
}

/// Code generic over identifiers picks the transport by the identifier's channel.
fn send_code<I: SendOtp, T: Transport<I::Channel>>(
    id: &I,
    transport: &mut T,
) -> Result<OtpCode, SendError<T::Error>> {
    let code = OtpCode::generate(6).unwrap();
    id.send_otp(transport, &code).map(|()| code)
}

#[test]
fn generic_code_reaches_both_kinds() {
    let (mut sms, mut mail) = (Outbox::<Sms>::default(), Outbox::<Mail>::default());
    let phone = PhoneNumber::<TwoFactor>::parse("+14155552671").unwrap();
    let email = EmailAddress::<AccountRecovery>::parse("ada@example.com").unwrap();
    let a = send_code(&phone, &mut sms).unwrap();
    let b = send_code(&email, &mut mail).unwrap();
    assert!(matches!(&sms.delivered()[..], [("+14155552671", Sent::Code(code))] if a.verify(code)));
    assert!(
        matches!(&mail.delivered()[..], [("ada@example.com", Sent::Code(code))] if b.verify(code))
    );
}

#[test]
fn trait_and_inherent_methods_agree() {
    let mut by_trait = Outbox::<Mail>::default();
    let mut by_method = Outbox::<Mail>::default();
    let email = EmailAddress::<AccountNotice>::parse("ada@example.com").unwrap();
    let notice = Notice::AccountLocked {
        at: NOW,
        until: None,
    };
    SendAccountNotice::send_account_notice(&email, &mut by_trait, &notice).unwrap();
    email.send_account_notice(&mut by_method, &notice).unwrap();
    assert_eq!(by_trait.delivered(), by_method.delivered());
    assert_eq!(
        by_trait.delivered(),
        [("ada@example.com", Sent::Notice("account_locked"))]
    );

    let advertising = common::consent::<Advertising>(1);
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
