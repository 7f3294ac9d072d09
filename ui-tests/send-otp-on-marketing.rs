// An identifier collected for `Marketing` may not be sent one-time codes:
// neither through the inherent method nor through code generic over `SendOtp`.

use purpose_bound::{EmailAddress, Mail, Marketing, OtpCode, PhoneNumber, SendOtp, Sms, Transport};

fn by_method(
    phone: &PhoneNumber<Marketing>,
    email: &EmailAddress<Marketing>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
    code: &OtpCode,
) {
    let _ = phone.send_otp(sms, code);
    let _ = email.send_otp(mail, code);
}

fn sign_in_challenge<I: SendOtp>(to: &I, via: &mut impl Transport<I::Channel>, code: &OtpCode) {
    let _ = to.send_otp(via, code);
}

fn by_bound(
    phone: &PhoneNumber<Marketing>,
    email: &EmailAddress<Marketing>,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
    code: &OtpCode,
) {
    sign_in_challenge(phone, sms, code);
    sign_in_challenge(email, mail, code);
}

fn main() {}
