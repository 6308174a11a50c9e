"""The shape the language model must answer in: a pydantic model sent as a strict JSON schema.

Values are raw text as the screenshot shows it; `recognize.llm` validates and normalizes them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from recognize.models import DIRECTIONS

# Local models (Qwen-VL through Ollama) do not always honour the enum; these words mean the same thing.
_DIRECTION_WORDS = {
    "支出": "expense",
    "付款": "expense",
    "消费": "expense",
    "收入": "income",
    "收款": "income",
    "转账": "transfer",
    "退款": "refund",
}


class FieldConfidence(BaseModel):
    """How sure the model is of each field, 0 (guess) to 1 (clearly printed)."""

    model_config = ConfigDict(extra="forbid")

    direction: float
    amount: float
    currency: float
    occurred_at: float
    merchant: float
    platform: float
    payment_method: float
    category: float
    memo: float
    order_no: float


class ReadItem(BaseModel):
    """One transaction as it appears on screen."""

    model_config = ConfigDict(extra="forbid")

    direction: Literal[DIRECTIONS] | None = Field(
        description="expense = money paid out, income = received, transfer = between people or own accounts, "
        "refund = money coming back for an earlier purchase"
    )
    amount: str | None = Field(
        description="the amount actually paid or received, exactly as printed with its sign and currency "
        "symbol, e.g. '-128.50' or '¥1,280.00'; never the original price, a discount or a balance"
    )
    currency: str | None = Field(description="ISO 4217 code, CNY for ¥ / 元")
    occurred_at: str | None = Field(
        description="the transaction time exactly as printed, e.g. '2026年11月3日 12:34:56' or '11-03 12:34'; "
        "never the phone's status-bar clock"
    )
    merchant: str | None = Field(description="the shop or counterparty (商户 / 收款方 / 对方)")
    platform: str | None = Field(description="the app or payment network: 微信支付, 支付宝, 云闪付, 美团, 京东, a bank")
    payment_method: str | None = Field(
        description="the paying account as printed, e.g. 招商银行信用卡(6789), 零钱, 花呗"
    )
    category: str | None = Field(description="one of the categories listed in the instructions")
    memo: str | None = Field(description="goods, note or remark, as printed")
    order_no: str | None = Field(description="交易单号 / 订单号 / 流水号, as printed")
    confidence: FieldConfidence

    @field_validator("direction", mode="before")
    @classmethod
    def _known_direction(cls, value: object) -> object:
        """Map Chinese direction words to the enum and anything else unknown to None."""
        if isinstance(value, str):
            word = value.strip().lower()
            word = _DIRECTION_WORDS.get(word, word)
            return word if word in DIRECTIONS else None
        return value


class ReadAnswer(BaseModel):
    """Everything the model read from one image."""

    model_config = ConfigDict(extra="forbid")

    is_payment: bool = Field(description="false when the image shows no completed payment, transfer or refund")
    reason: str | None = Field(description="when is_payment is false, what the image shows instead")
    items: list[ReadItem] = Field(description="one entry per transaction; several for a bill list")
