// An identifier collected for `AccountNotice` may not be sent marketing:
// neither through the inherent method nor through code generic over
// `SendMarketing`.

use purpose_bound::{
    AccountNotice, EmailAddress, Mail, PhoneNumber, SendMarketing, Sms, Transport,
};

fn by_method(
    phone: &PhoneNumber<AccountNotice>,
    email: &EmailAddress<AccountNotice>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    let _ = phone.send_marketing(sms, "Spring sale: 20% off");
    let _ = email.send_marketing(mail, "Spring sale: 20% off");
}

fn newsletter<I: SendMarketing>(to: &I, via: &mut impl Transport<I::Channel>) {
    let _ = to.send_marketing(via, "Spring sale: 20% off");
}

fn by_bound(
    phone: &PhoneNumber<AccountNotice>,
    email: &EmailAddress<AccountNotice>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    newsletter(phone, sms);
    newsletter(email, mail);
}

fn main() {}
