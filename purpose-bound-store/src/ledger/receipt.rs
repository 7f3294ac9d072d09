//! A consent receipt in the Kantara Initiative's Consent Receipt
//! Specification v1.1 shape, issued by the ledger for one consent.

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::ledger::event::{LedgerEvent, field, hex};

/// Who the controller is, as a receipt names it.
///
/// # Examples
///
/// ```
/// use purpose_bound_store::Controller;
///
/// let controller = Controller::new("Example Ltd", "Example accounts", "https://example.com/privacy")
///     .contact("Data Protection Officer", "dpo@example.com", "+44 20 7946 0000", "1 Example Street, London");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controller {
    name: String,
    service: String,
    policy_url: String,
    contact: String,
    email: String,
    phone: String,
    address: String,
}

impl Controller {
    /// The controller `name`, whose `service` asked for consents under the
    /// privacy policy at `policy_url`.
    pub fn new(
        name: impl Into<String>,
        service: impl Into<String>,
        policy_url: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            service: service.into(),
            policy_url: policy_url.into(),
            contact: String::new(),
            email: String::new(),
            phone: String::new(),
            address: String::new(),
        }
    }

    /// Whom a subject contacts about the consent, and how.
    #[must_use]
    pub fn contact(
        mut self,
        contact: impl Into<String>,
        email: impl Into<String>,
        phone: impl Into<String>,
        address: impl Into<String>,
    ) -> Self {
        self.contact = contact.into();
        self.email = email.into();
        self.phone = phone.into();
        self.address = address.into();
        self
    }
}

/// A consent receipt (Kantara Consent Receipt Specification v1.1, JSON
/// field names as the specification writes them), for the subject to
/// keep: what they consented to, when, how, under which notice, and how to
/// withdraw.
///
/// Its `consentReceiptID` is the first 16 bytes of the MAC of the event
/// that gave the consent, in hex: unique in the ledger, and only the
/// ledger could have issued it. Its `piiPrincipalId` is the subject's
/// account id, since the receipt is the subject's own; it holds no phone
/// number or address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    version: &'static str,
    jurisdiction: String,
    consent_timestamp: u64,
    collection_method: String,
    #[serde(rename = "consentReceiptID")]
    consent_receipt_id: String,
    language: String,
    pii_principal_id: String,
    pii_controllers: Vec<PiiController>,
    policy_url: String,
    services: Vec<Service>,
    sensitive: bool,
    spi_cat: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct PiiController {
    pii_controller: String,
    contact: String,
    address: String,
    email: String,
    phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct Service {
    service: String,
    purposes: Vec<ReceiptPurpose>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReceiptPurpose {
    purpose: String,
    purpose_category: Vec<&'static str>,
    consent_type: &'static str,
    pii_category: Vec<&'static str>,
    primary_purpose: bool,
    termination: String,
    third_party_disclosure: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    third_party_name: Option<&'static str>,
}

impl Receipt {
    /// The receipt for the consent `given` (the event that gave it), of
    /// the subject whose account id is `principal`.
    pub(crate) fn new(
        given: &LedgerEvent,
        mac: &[u8; 32],
        principal: &str,
        controller: &Controller,
    ) -> Result<Self> {
        let corrupt = || Error::at(ErrorKind::Corrupt, given.seq);
        let fields = &given.fields;
        for text in [
            &controller.name,
            &controller.service,
            &controller.policy_url,
        ] {
            field(text)?;
        }
        let (description, category, third_party) = match given.purpose.as_str() {
            "marketing" => (
                "Offers and news sent to you by the service itself",
                "Marketing",
                None,
            ),
            "advertising" => (
                "Matching your identifier with advertising platforms to show or measure ads",
                "Marketing",
                Some("advertising platforms (Meta, Google)"),
            ),
            "discoverable" => (
                "Letting people who have your number or address find your account",
                "Core Function",
                None,
            ),
            _ => return Err(corrupt()),
        };
        let until = given.until.map_or_else(
            || "until withdrawn".to_owned(),
            |until| {
                format!(
                    "until withdrawn, or at the latest {} (Unix time)",
                    until.as_secs()
                )
            },
        );
        let withdraw = fields.withdrawal_method.as_deref().unwrap_or("unspecified");
        Ok(Self {
            version: "KI-CR-v1.1.0",
            jurisdiction: fields.jurisdiction.clone().ok_or_else(corrupt)?,
            consent_timestamp: given.at.as_secs(),
            collection_method: fields.method.clone(),
            consent_receipt_id: hex(mac.get(..16).unwrap_or_default()),
            language: fields.language.clone().ok_or_else(corrupt)?,
            pii_principal_id: principal.to_owned(),
            pii_controllers: vec![PiiController {
                pii_controller: controller.name.clone(),
                contact: controller.contact.clone(),
                address: controller.address.clone(),
                email: controller.email.clone(),
                phone: controller.phone.clone(),
            }],
            policy_url: controller.policy_url.clone(),
            services: vec![Service {
                service: controller.service.clone(),
                purposes: vec![ReceiptPurpose {
                    purpose: format!(
                        "{description} (purpose `{}`, notice `{}`, SHA-256 {})",
                        given.purpose,
                        fields.notice.as_deref().unwrap_or_default(),
                        fields.notice_sha256.as_deref().unwrap_or_default()
                    ),
                    purpose_category: vec![category],
                    consent_type: "EXPLICIT",
                    pii_category: vec!["Contact information"],
                    primary_purpose: false,
                    termination: format!("{until}; withdraw: {withdraw}"),
                    third_party_disclosure: third_party.is_some(),
                    third_party_name: third_party,
                }],
            }],
            sensitive: false,
            spi_cat: Vec::new(),
        })
    }

    /// The receipt's id.
    pub fn id(&self) -> &str {
        &self.consent_receipt_id
    }

    /// The receipt as JSON.
    pub fn to_json(&self) -> String {
        // A tree of strings, numbers and booleans always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
