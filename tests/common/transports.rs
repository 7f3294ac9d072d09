//! Capture transports: gateways that keep what they are handed, so that a
//! test says what reached whom, and one that is down.

use std::convert::Infallible;

use std::time::Duration;

use purpose_bound::{
    AsyncReassignedCheck, AsyncTransport, Channel, Message, Notice, OwnedRecipient,
    ReassignedCheck, Reassignment, Recipient, SendAccountNotice, Sms, Transport,
};

/// A message as a gateway keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sent {
    /// A one-time code: its digits.
    Code(String),
    /// An account notice: the name of its kind.
    Notice(&'static str),
    /// A marketing message: its text.
    Marketing(String),
}

impl Sent {
    /// What `message` carries.
    pub(crate) fn of(message: Message<'_>) -> Self {
        match message {
            Message::OneTimeCode(code) => Self::Code(code.expose_secret().to_owned()),
            Message::Notice(notice) => Self::Notice(notice.name()),
            Message::Promotion(text) => Self::Marketing(text.to_owned()),
            other => panic!("unexpected message {other:?}"),
        }
    }

    /// The code's digits, the notice's name or the marketing text.
    pub(crate) fn text(&self) -> &str {
        match self {
            Self::Code(text) | Self::Marketing(text) => text,
            Self::Notice(name) => name,
        }
    }
}

/// An SMS or mail gateway that keeps every message it is handed, with its
/// recipient, in order, as a provider's log would; sync and async.
pub(crate) struct Outbox<C: Channel> {
    pub(crate) sent: Vec<(OwnedRecipient<C>, Sent)>,
}

impl<C: Channel> Default for Outbox<C> {
    fn default() -> Self {
        Self { sent: Vec::new() }
    }
}

impl<C: Channel> Outbox<C> {
    /// Each raw recipient with its message, in order.
    pub(crate) fn delivered(&self) -> Vec<(&str, Sent)> {
        self.sent
            .iter()
            .map(|(to, sent)| (to.expose_secret(), sent.clone()))
            .collect()
    }

    /// The text of each message, in order.
    pub(crate) fn texts(&self) -> Vec<&str> {
        self.sent.iter().map(|(_, sent)| sent.text()).collect()
    }
}

impl<C: Channel> Transport<C> for Outbox<C> {
    type Error = Infallible;

    fn send(&mut self, to: Recipient<'_, C>, message: Message<'_>) -> Result<(), Infallible> {
        self.sent.push((to.to_owned(), Sent::of(message)));
        Ok(())
    }
}

impl<C: Channel> AsyncTransport<C> for Outbox<C> {
    type Error = Infallible;

    async fn send(&mut self, to: Recipient<'_, C>, message: Message<'_>) -> Result<(), Infallible> {
        self.sent.push((to.to_owned(), Sent::of(message)));
        Ok(())
    }
}

/// A gateway that is down: every send fails with `"gateway down"`.
pub(crate) struct Down;

impl<C: Channel> Transport<C> for Down {
    type Error = &'static str;

    fn send(&mut self, _: Recipient<'_, C>, _: Message<'_>) -> Result<(), &'static str> {
        Err("gateway down")
    }
}

/// A reassigned-number check, sync and async, that answers
/// [`Reassignment::Reassigned`] for the numbers in `reassigned`,
/// [`Reassignment::NotReassigned`] for the others, or fails with
/// `"rnd down"` while `down`; it keeps each number it is asked about, with
/// the time asked since.
#[derive(Default)]
pub(crate) struct Rnd {
    pub(crate) reassigned: Vec<&'static str>,
    pub(crate) down: bool,
    pub(crate) asked: Vec<(OwnedRecipient<Sms>, Duration)>,
}

impl Rnd {
    /// A check that reports `numbers` (E.164) reassigned.
    pub(crate) fn reassigned(numbers: &[&'static str]) -> Self {
        Self {
            reassigned: numbers.to_vec(),
            ..Self::default()
        }
    }

    fn answer(
        &mut self,
        number: Recipient<'_, Sms>,
        since: Duration,
    ) -> Result<Reassignment, &'static str> {
        self.asked.push((number.to_owned(), since));
        if self.down {
            return Err("rnd down");
        }
        Ok(if self.reassigned.contains(&number.expose_secret()) {
            Reassignment::Reassigned
        } else {
            Reassignment::NotReassigned
        })
    }
}

impl ReassignedCheck for Rnd {
    type Error = &'static str;

    fn check(
        &mut self,
        number: Recipient<'_, Sms>,
        since: Duration,
    ) -> Result<Reassignment, &'static str> {
        self.answer(number, since)
    }

    fn name(&self) -> &'static str {
        "test-rnd"
    }
}

impl AsyncReassignedCheck for Rnd {
    type Error = &'static str;

    async fn check(
        &mut self,
        number: Recipient<'_, Sms>,
        since: Duration,
    ) -> Result<Reassignment, &'static str> {
        self.answer(number, since)
    }

    fn name(&self) -> &'static str {
        "test-rnd"
    }
}

/// The raw recipient a transport is handed for `id`: its canonical form
/// (E.164 for a phone number), as a gateway reads it.
pub(crate) fn recipient_of<I: SendAccountNotice>(id: &I) -> String {
    let mut outbox = Outbox::<I::Channel>::default();
    let notice = Notice::PasswordChanged { at: Duration::ZERO };
    if let Err(err) = id.send_account_notice(&mut outbox, &notice) {
        panic!("no audit sink in this process refuses a notice: {err:?}");
    }
    match &outbox.sent[..] {
        [(to, _)] => to.expose_secret().to_owned(),
        sent => panic!("{} messages for one notice", sent.len()),
    }
}
