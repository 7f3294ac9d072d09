// Every capability compiles on every purpose that grants it, for both kinds,
// through the inherent method and through code generic over the capability.
// Nothing runs: compiling is the test (see tests/test_ui.rs).
#![allow(
    dead_code,
    clippy::expect_used,
    reason = "the uses are proved by compiling them, never run"
)]

use std::time::Duration;

use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, CheckedSms, Consent, EmailAddress, Mail,
    Marketing, MarketingTransport, MatchAudience, MatchKey, Notice, OtpCode, PhoneNumber, Platform,
    ReassignedCheck, SendAccountNotice, SendMarketing, SendOtp, Sms, Transport, TwoFactor,
};

fn otp<I: SendOtp>(to: &I, via: &mut impl Transport<I::Channel>, code: &OtpCode) {
    let _ = to.send_otp(via, code);
}

fn notice<I: SendAccountNotice>(to: &I, via: &mut impl Transport<I::Channel>) {
    let _ = to.send_account_notice(via, &Notice::PasswordChanged { at: Duration::ZERO });
}

fn marketing<I: SendMarketing>(
    to: &I,
    consent: &Consent<Marketing>,
    now: Duration,
    via: &mut impl MarketingTransport<I::Channel>,
) {
    let _ = to.send_marketing(consent, now, via, "Spring sale: 20% off");
}

fn audience<I: MatchAudience>(id: &I, consent: &Consent<Advertising>, now: Duration) -> MatchKey {
    id.match_key(consent, now, Platform::Meta)
        .expect("consent is live")
}

fn two_factor(
    phone: &PhoneNumber<TwoFactor>,
    email: &EmailAddress<TwoFactor>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
    code: &OtpCode,
) {
    let _ = phone.send_otp(sms, code);
    let _ = email.send_otp(mail, code);
    otp(phone, sms, code);
    otp(email, mail, code);
}

fn account_recovery(
    phone: &PhoneNumber<AccountRecovery>,
    email: &EmailAddress<AccountRecovery>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
    code: &OtpCode,
) {
    let _ = phone.send_otp(sms, code);
    let _ = email.send_otp(mail, code);
    otp(phone, sms, code);
    otp(email, mail, code);
}

fn account_notice(
    phone: &PhoneNumber<AccountNotice>,
    email: &EmailAddress<AccountNotice>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    let _ = phone.send_account_notice(sms, &Notice::PasswordChanged { at: Duration::ZERO });
    let _ = email.send_account_notice(mail, &Notice::PasswordChanged { at: Duration::ZERO });
    notice(phone, sms);
    notice(email, mail);
}

fn marketing_consented(
    phone: &PhoneNumber<Marketing>,
    email: &EmailAddress<Marketing>,
    consent: &Consent<Marketing>,
    now: Duration,
    sms: &mut impl Transport<Sms>,
    rnd: &mut impl ReassignedCheck,
    mail: &mut impl Transport<Mail>,
) {
    // A phone number is sent marketing through the gateway and the
    // reassigned-number check together; an address through any mail
    // transport.
    let mut checked = CheckedSms::new(sms, rnd);
    let _ = phone.send_marketing(consent, now, &mut checked, "Spring sale: 20% off");
    let _ = email.send_marketing(consent, now, mail, "Spring sale: 20% off");
    marketing(phone, consent, now, &mut checked);
    marketing(email, consent, now, mail);
}

fn advertising(
    phone: &PhoneNumber<Advertising>,
    email: &EmailAddress<Advertising>,
    consent: &Consent<Advertising>,
    now: Duration,
) -> Result<[MatchKey; 4], purpose_bound::ConsentError> {
    Ok([
        phone.match_key(consent, now, Platform::Meta)?,
        email.match_key(consent, now, Platform::Google)?,
        audience(phone, consent, now),
        audience(email, consent, now),
    ])
}

/// A purpose set has each member's capability, and narrows to each member.
fn security_contact(
    phone: &PhoneNumber<(TwoFactor, AccountNotice)>,
    email: &EmailAddress<(TwoFactor, AccountRecovery, AccountNotice)>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
    code: &OtpCode,
) {
    let _ = phone.send_otp(sms, code);
    let _ = phone.send_account_notice(sms, &Notice::PasswordChanged { at: Duration::ZERO });
    otp(phone, sms, code);
    notice(email, mail);
    let _: PhoneNumber<TwoFactor> = phone.narrow();
    let _: PhoneNumber<AccountNotice> = phone.narrow();
    let _: EmailAddress<AccountRecovery> = email.narrow();
    let _: EmailAddress<(TwoFactor, AccountRecovery)> = email.narrow();
}

/// The async capabilities, on the purposes that grant them, by method and
/// through code generic over the capability; every future is `Send`.
mod async_transports {
    use std::time::Duration;

    use purpose_bound::{
        AccountNotice, AccountRecovery, AsyncMarketingTransport, AsyncReassignedCheck,
        AsyncTransport, CheckedSms, Consent, DynAsyncTransport, EmailAddress, Mail, Marketing,
        Notice, OtpCode, PhoneNumber, SendAccountNotice, SendMarketing, SendOtp, Sms, TwoFactor,
    };

    fn spawnable<F: Future + Send>(_: F) {}

    async fn otp<I: SendOtp>(to: &I, via: &mut (impl AsyncTransport<I::Channel> + Send)) {
        let code = OtpCode::generate(6).expect("the OS has a CSPRNG");
        let _ = to.send_otp_async(via, &code).await;
    }

    async fn notice<I: SendAccountNotice>(
        to: &I,
        via: &mut (impl AsyncTransport<I::Channel> + Send),
    ) {
        let _ = to
            .send_account_notice_async(via, &Notice::PasswordChanged { at: Duration::ZERO })
            .await;
    }

    async fn marketing<I: SendMarketing>(
        to: &I,
        consent: &Consent<Marketing>,
        now: Duration,
        via: &mut (impl AsyncMarketingTransport<I::Channel> + Send),
    ) {
        let _ = to
            .send_marketing_async(consent, now, via, "Spring sale: 20% off")
            .await;
    }

    #[allow(clippy::too_many_arguments, reason = "one of each kind and purpose")]
    fn every_capability(
        two_factor: &PhoneNumber<TwoFactor>,
        recovery: &EmailAddress<AccountRecovery>,
        alerts: &PhoneNumber<(TwoFactor, AccountNotice)>,
        offers: &EmailAddress<Marketing>,
        consent: &Consent<Marketing>,
        now: Duration,
        sms: &mut (impl AsyncTransport<Sms> + Send),
        mail: &mut (impl AsyncTransport<Mail> + Send),
        code: &OtpCode,
    ) {
        spawnable(two_factor.send_otp_async(sms, code));
        spawnable(recovery.send_otp_async(mail, code));
        spawnable(
            alerts.send_account_notice_async(sms, &Notice::PasswordChanged { at: Duration::ZERO }),
        );
        spawnable(offers.send_marketing_async(consent, now, mail, "Spring sale"));
        spawnable(otp(two_factor, sms));
        spawnable(otp(recovery, mail));
        spawnable(notice(alerts, sms));
        spawnable(marketing(offers, consent, now, mail));
    }

    /// A gateway chosen at run time, boxed or borrowed as a trait object,
    /// whatever its error: every capability takes it, and every future is
    /// still `Send`.
    #[allow(clippy::too_many_arguments, reason = "one of each kind and purpose")]
    fn gateway_chosen_at_run_time<E: Send + 'static>(
        two_factor: &PhoneNumber<TwoFactor>,
        alerts: &PhoneNumber<(TwoFactor, AccountNotice)>,
        offers: &PhoneNumber<Marketing>,
        consent: &Consent<Marketing>,
        now: Duration,
        boxed: &mut Box<dyn DynAsyncTransport<Sms, Error = E>>,
        rnd: &mut (impl AsyncReassignedCheck + Send),
        code: &OtpCode,
    ) {
        spawnable(two_factor.send_otp_async(boxed, code));
        let borrowed: &mut dyn DynAsyncTransport<Sms, Error = E> = &mut **boxed;
        spawnable(
            alerts.send_account_notice_async(
                borrowed,
                &Notice::PasswordChanged { at: Duration::ZERO },
            ),
        );
        let mut checked = CheckedSms::new(&mut *boxed, rnd);
        spawnable(offers.send_marketing_async(consent, now, &mut checked, "Spring sale"));
        spawnable(marketing(offers, consent, now, &mut checked));
        spawnable(otp(two_factor, boxed));
    }
}
