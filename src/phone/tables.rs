//! Numbering-plan tables generated from libphonenumber's metadata. (Provisional.)
