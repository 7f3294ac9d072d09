// A record given for marketing (wording `offers-v1`) cannot build a consent
// to advertising, which would then adopt a two-factor number and make
// audience match keys from it.

use std::time::Duration;

use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};

fn main() {
    let offers = ConsentRecord::<Marketing>::new(
        ConsentId::new(7).unwrap(),
        &Subject::new("user-42").unwrap(),
        Duration::from_secs(1_767_225_600),
        "offers-v1",
        ConsentChannel::Web,
    );
    let _ = Consent::<Advertising>::new(offers);
}
