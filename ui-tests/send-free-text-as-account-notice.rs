// "You have 12 new notifications": engagement text sent to numbers given for
// security (Facebook, 2018). A number collected for account notices is sent
// notices, one of a closed set of kinds, and free text does not compile
// there: not by the inherent method, not through the capability trait.

use purpose_bound::{
    AccountNotice, EmailAddress, Mail, PhoneNumber, SendAccountNotice, Sms, Transport,
};

fn engagement(
    phone: &PhoneNumber<AccountNotice>,
    email: &EmailAddress<AccountNotice>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    let _ = phone.send_account_notice(sms, "You have 12 new notifications");
    let _ = email.send_account_notice(mail, &String::from("Ada liked your photo"));
}

fn generic<I: SendAccountNotice>(to: &I, via: &mut impl Transport<I::Channel>) {
    let _ = to.send_account_notice(via, "Your friends miss you");
}

fn main() {}
