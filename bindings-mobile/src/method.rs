//! Payment methods (core `method.rs`): references to a card, bank account
//! or wallet, never the card data itself.

/// The kind of a payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum MethodKind {
    /// A payment card.
    Card,
    /// A bank account debited by ACH.
    BankAccount,
    /// A direct debit mandate.
    DirectDebit,
    /// A bank transfer the customer sends.
    BankTransfer,
    /// A wire transfer the customer sends.
    Wire,
    /// A PayPal billing agreement.
    PayPal,
    /// A paper check.
    Check,
    /// Cash.
    Cash,
    /// Anything else.
    Other,
}

/// A card's expiry: valid through the last day of `month`/`year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CardExpiry {
    /// 1 to 12.
    pub month: u32,
    /// The four-digit year.
    pub year: i32,
}

/// A payment method: the provider's reference and what a portal shows. A
/// full card number or security code in any field is refused
/// (`card_data_refused`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PaymentMethod {
    /// The caller's id for the method.
    pub id: String,
    /// The kind.
    pub kind: MethodKind,
    /// The payment provider's token or id.
    #[uniffi(default = None)]
    pub token: Option<String>,
    /// The card brand or bank name.
    #[uniffi(default = None)]
    pub brand: Option<String>,
    /// The last four digits.
    #[uniffi(default = None)]
    pub last4: Option<String>,
    /// A card's expiry.
    #[uniffi(default = None)]
    pub expiry: Option<CardExpiry>,
    /// A label the customer chose.
    #[uniffi(default = None)]
    pub label: Option<String>,
}

impl From<billing_core::PaymentMethod> for PaymentMethod {
    fn from(method: billing_core::PaymentMethod) -> PaymentMethod {
        PaymentMethod {
            id: method.id,
            kind: match method.kind {
                billing_core::MethodKind::Card => MethodKind::Card,
                billing_core::MethodKind::BankAccount => MethodKind::BankAccount,
                billing_core::MethodKind::DirectDebit => MethodKind::DirectDebit,
                billing_core::MethodKind::BankTransfer => MethodKind::BankTransfer,
                billing_core::MethodKind::Wire => MethodKind::Wire,
                billing_core::MethodKind::PayPal => MethodKind::PayPal,
                billing_core::MethodKind::Check => MethodKind::Check,
                billing_core::MethodKind::Cash => MethodKind::Cash,
                billing_core::MethodKind::Other => MethodKind::Other,
            },
            token: method.token,
            brand: method.brand,
            last4: method.last4,
            expiry: method.expiry.map(|e| CardExpiry {
                month: e.month,
                year: e.year,
            }),
            label: method.label,
        }
    }
}

impl From<PaymentMethod> for billing_core::PaymentMethod {
    fn from(method: PaymentMethod) -> billing_core::PaymentMethod {
        billing_core::PaymentMethod {
            id: method.id,
            kind: match method.kind {
                MethodKind::Card => billing_core::MethodKind::Card,
                MethodKind::BankAccount => billing_core::MethodKind::BankAccount,
                MethodKind::DirectDebit => billing_core::MethodKind::DirectDebit,
                MethodKind::BankTransfer => billing_core::MethodKind::BankTransfer,
                MethodKind::Wire => billing_core::MethodKind::Wire,
                MethodKind::PayPal => billing_core::MethodKind::PayPal,
                MethodKind::Check => billing_core::MethodKind::Check,
                MethodKind::Cash => billing_core::MethodKind::Cash,
                MethodKind::Other => billing_core::MethodKind::Other,
            },
            token: method.token,
            brand: method.brand,
            last4: method.last4,
            expiry: method.expiry.map(|e| billing_core::CardExpiry {
                month: e.month,
                year: e.year,
            }),
            label: method.label,
        }
    }
}
