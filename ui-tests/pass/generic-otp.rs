// Code generic over `SendOtp` asks for the transport of the identifier's own
// channel, `Transport<I::Channel>`, and serves phone numbers and email
// addresses of both purposes that receive one-time codes.
// Nothing runs: compiling is the test (see tests/test_ui.rs).
#![allow(dead_code, reason = "the uses are proved by compiling them")]

use purpose_bound::{
    AccountRecovery, EmailAddress, Mail, Message, OtpCode, OtpError, PhoneNumber, Recipient,
    SendError, SendOtp, Sms, Transport, TwoFactor,
};

/// Sends a fresh code and returns it, to be verified when the user types it.
fn challenge<I, T>(to: &I, via: &mut T) -> Result<OtpCode, ChallengeError<T::Error>>
where
    I: SendOtp,
    T: Transport<I::Channel> + ?Sized,
{
    let code = OtpCode::generate(6).map_err(ChallengeError::Code)?;
    to.send_otp(via, &code).map_err(ChallengeError::Send)?;
    Ok(code)
}

#[derive(Debug)]
enum ChallengeError<E> {
    Code(OtpError),
    Send(SendError<E>),
}

/// One gateway for both channels.
struct Gateway;

impl Transport<Sms> for Gateway {
    type Error = std::io::Error;

    fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Self::Error> {
        let _ = (to, message);
        Ok(())
    }
}

impl Transport<Mail> for Gateway {
    type Error = std::fmt::Error;

    fn send(&mut self, to: Recipient<'_, Mail>, message: Message<'_>) -> Result<(), Self::Error> {
        let _ = (to, message);
        Ok(())
    }
}

fn sign_in(phone: &PhoneNumber<TwoFactor>, email: &EmailAddress<AccountRecovery>) {
    let mut gateway = Gateway;
    let _: Result<OtpCode, ChallengeError<std::io::Error>> = challenge(phone, &mut gateway);
    let _: Result<OtpCode, ChallengeError<std::fmt::Error>> = challenge(email, &mut gateway);
    let dynamic: &mut dyn Transport<Sms, Error = std::io::Error> = &mut gateway;
    let _ = challenge(phone, dynamic);
}
