// "Invite your friends": texting the numbers a user uploaded from their
// address book. Their owners gave them to no one here; an uploaded contact
// is sent nothing.

use std::time::Duration;

use purpose_bound::{ContactUpload, Notice, PhoneNumber, SendAccountNotice, Sms, Transport};

fn invite(address_book: &[PhoneNumber<ContactUpload>], sms: &mut impl Transport<Sms>) {
    for contact in address_book {
        let _ = contact.send_account_notice(sms, &Notice::PasswordChanged { at: Duration::ZERO });
    }
}

fn invite_generic<I: SendAccountNotice>(contact: &I, via: &mut impl Transport<I::Channel>) {
    let _ = contact.send_account_notice(via, &Notice::PasswordChanged { at: Duration::ZERO });
}

fn invite_all(address_book: &[PhoneNumber<ContactUpload>], sms: &mut impl Transport<Sms>) {
    for contact in address_book {
        invite_generic(contact, sms);
    }
}

fn main() {}
