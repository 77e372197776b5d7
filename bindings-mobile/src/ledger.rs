//! Account settings and payment states (core `ledger.rs`).

use crate::rounding::RoundingPolicy;

/// The settings of an account. Kotlin: `AccountSettings()` is the default
/// (credit applied automatically, half-up rounding per line);
/// `AccountSettings(autoApplyCredit = false)` is the default but for that
/// one. `updateSettings` replaces the settings whole (a null `rounding`
/// is the default policy), so to change one setting of an account, copy
/// its own: `account.settings().copy(autoApplyCredit = false)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Record)]
pub struct AccountSettings {
    /// Apply available credit automatically (on by default).
    #[uniffi(default = true)]
    pub auto_apply_credit: bool,
    /// How invoice totals are rounded; null (the default) is half up, per
    /// line. An account's `settings()` always names its policy.
    #[uniffi(default = None)]
    pub rounding: Option<RoundingPolicy>,
}

impl Default for AccountSettings {
    fn default() -> AccountSettings {
        AccountSettings {
            auto_apply_credit: true,
            rounding: None,
        }
    }
}

impl From<billing_core::AccountSettings> for AccountSettings {
    fn from(settings: billing_core::AccountSettings) -> AccountSettings {
        AccountSettings {
            auto_apply_credit: settings.auto_apply_credit,
            rounding: Some(settings.rounding.into()),
        }
    }
}

impl From<AccountSettings> for billing_core::AccountSettings {
    fn from(settings: AccountSettings) -> billing_core::AccountSettings {
        billing_core::AccountSettings {
            auto_apply_credit: settings.auto_apply_credit,
            rounding: settings
                .rounding
                .map_or_else(billing_core::RoundingPolicy::default, Into::into),
        }
    }
}

/// The state of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum PaymentState {
    /// In flight: its allocations hold what is due without paying it.
    Pending,
    /// Money received.
    Succeeded,
    /// Never arrived: its allocations were removed.
    Failed,
}

impl From<billing_core::PaymentState> for PaymentState {
    fn from(state: billing_core::PaymentState) -> PaymentState {
        match state {
            billing_core::PaymentState::Pending => PaymentState::Pending,
            billing_core::PaymentState::Succeeded => PaymentState::Succeeded,
            billing_core::PaymentState::Failed => PaymentState::Failed,
        }
    }
}
