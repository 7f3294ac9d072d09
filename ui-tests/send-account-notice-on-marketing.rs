// An identifier collected for `Marketing` may not be sent account notices:
// neither through the inherent method nor through code generic over
// `SendAccountNotice`.

use std::time::Duration;

use purpose_bound::{
    EmailAddress, Mail, Marketing, Notice, PhoneNumber, SendAccountNotice, Sms, Transport,
};

fn by_method(
    phone: &PhoneNumber<Marketing>,
    email: &EmailAddress<Marketing>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    let _ = phone.send_account_notice(sms, &Notice::PasswordChanged { at: Duration::ZERO });
    let _ = email.send_account_notice(mail, &Notice::PasswordChanged { at: Duration::ZERO });
}

fn security_alert<I: SendAccountNotice>(to: &I, via: &mut impl Transport<I::Channel>) {
    let _ = to.send_account_notice(via, &Notice::PasswordChanged { at: Duration::ZERO });
}

fn by_bound(
    phone: &PhoneNumber<Marketing>,
    email: &EmailAddress<Marketing>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    security_alert(phone, sms);
    security_alert(email, mail);
}

fn main() {}
