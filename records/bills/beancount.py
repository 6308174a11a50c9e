"""Records out to Beancount: a plain-text double-entry ledger that `bean-check` accepts.

Every record becomes one balanced transaction of two postings, amounts written exactly with two decimals:

- expense: the category's `Expenses:` account gets the money, the payment method's account gives it;
- income: the payment method's account gets it from the category's `Income:` account;
- refund: the money comes back to the payment method, out of the category's `Expenses:` account, so
  spending is counted net of refunds (and the refund links to its purchase when it is known);
- transfer: the money leaves the payment method for the counterparty's account when it is one of the
  person's own (a card being repaid, a wallet being topped up), else for `Equity:Transfers` — never spending.

Which account a payment method or category means is an `Accounts` mapping: sensible defaults (零钱, 余额,
花呗, bank cards by bank and tail number…) that a person can override, each override checked against
Beancount's account-name rule, since a component that starts with a Chinese character is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from records.errors import Invalid

ROOTS = ("Assets", "Liabilities", "Equity", "Income", "Expenses")
UNKNOWN_METHOD = "Assets:Unknown"
UNCATEGORIZED = "Expenses:Uncategorized"
OTHER_INCOME = "Income:Other"
TRANSFERS = "Equity:Transfers"

# Wallets by the words their payment method is shown with; the first match wins, so longer names come first.
WALLETS = (
    ("零钱通", "Assets:WeChat:LingQianTong"),
    ("零钱", "Assets:WeChat:Change"),
    ("余额宝", "Assets:Alipay:YuEBao"),
    ("花呗", "Liabilities:Alipay:HuaBei"),
    ("京东白条", "Liabilities:JD:BaiTiao"),
    ("白条", "Liabilities:JD:BaiTiao"),
    ("小金库", "Assets:JD:XiaoJinKu"),
    ("京东余额", "Assets:JD:Balance"),
    ("钱包余额", "Assets:JD:Balance"),
    ("美团月付", "Liabilities:Meituan:YueFu"),
    ("美团余额", "Assets:Meituan:Balance"),
    ("云闪付", "Assets:UnionPay:Balance"),
    ("账户余额", "Assets:Alipay:Balance"),
    ("余额", "Assets:Alipay:Balance"),
    ("现金", "Assets:Cash"),
)
BANKS = {
    "招商银行": "CMB",
    "招行": "CMB",
    "工商银行": "ICBC",
    "建设银行": "CCB",
    "中国银行": "BOC",
    "农业银行": "ABC",
    "交通银行": "BOCOM",
    "邮储银行": "PSBC",
    "邮政储蓄银行": "PSBC",
    "中信银行": "CITIC",
    "浦发银行": "SPDB",
    "民生银行": "CMBC",
    "兴业银行": "CIB",
    "光大银行": "CEB",
    "平安银行": "PAB",
    "广发银行": "CGB",
    "华夏银行": "HXB",
    "网商银行": "MYBank",
    "微众银行": "WeBank",
}
CATEGORIES = {
    "餐饮": "Expenses:Food",
    "交通": "Expenses:Transport",
    "购物": "Expenses:Shopping",
    "日用": "Expenses:Daily",
    "住房": "Expenses:Housing",
    "通讯": "Expenses:Communication",
    "娱乐": "Expenses:Entertainment",
    "医疗": "Expenses:Health",
    "教育": "Expenses:Education",
    "人情": "Expenses:Gifts",
    "旅行": "Expenses:Travel",
    "其他": "Expenses:Other",
}
INCOME_CATEGORIES = {"收入": OTHER_INCOME, "人情": "Income:Gifts", "工资": "Income:Salary", "红包": "Income:RedPacket"}
_CARD = re.compile(
    r"(?P<bank>[\u4e00-\u9fff]{2,8}?(?:银行|招行))?.*?(?P<kind>信用卡|储蓄卡|借记卡)?\s*[(（](?P<tail>\d{4})[)）]"
)
_TAG = re.compile(r"[^A-Za-z0-9\-_/.]+")


def is_valid_account(name: str) -> bool:
    """Whether `name` is a Beancount account: a root, then components starting with a capital or a digit."""
    parts = name.split(":") if isinstance(name, str) else []
    if len(parts) < 2 or parts[0] not in ROOTS:
        return False
    for part in parts[1:]:
        if not part or unicodedata.category(part[0]) not in ("Lu", "Nd"):
            return False
        if any(
            not (ch == "-" or unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "Nd") for ch in part
        ):
            return False
    return True


@dataclass(frozen=True)
class Accounts:
    """Which account a payment method, an expense category or an income category is booked to."""

    methods: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)
    income: Mapping[str, str] = field(default_factory=dict)
    transfers: str = TRANSFERS

    @classmethod
    def from_json(cls, data) -> Accounts:
        """Build a mapping from `{"methods", "categories", "income", "transfers"}`; raises Invalid per bad account."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise Invalid("accounts must be an object", fields={"accounts": "not_text"})
        bad: dict[str, str] = {}
        tables = {}
        for key in ("methods", "categories", "income"):
            table = data.get(key) or {}
            if not isinstance(table, dict):
                bad[key] = "not_text"
                continue
            for name, account in table.items():
                if not is_valid_account(account):
                    bad[f"{key}.{name}"] = "account_name"
            tables[key] = {str(k): v for k, v in table.items()}
        transfers = data.get("transfers") or TRANSFERS
        if not is_valid_account(transfers):
            bad["transfers"] = "account_name"
        if bad:
            raise Invalid("invalid account names", fields=bad)
        return cls(transfers=transfers, **tables)

    def for_method(self, method: str | None) -> str:
        """The asset or liability account of a payment method as the app shows it ('招商银行信用卡(1440)')."""
        if not method:
            return UNKNOWN_METHOD
        method = unicodedata.normalize("NFKC", method).strip()
        if method in self.methods:
            return self.methods[method]
        return own_account(method) or UNKNOWN_METHOD

    def for_category(self, category: str | None, direction: str) -> str:
        """The expense (or, for income, the income) account of a category."""
        if direction == "income":
            return self.income.get(category or "") or INCOME_CATEGORIES.get(category or "") or OTHER_INCOME
        return self.categories.get(category or "") or CATEGORIES.get(category or "") or UNCATEGORIZED


def own_account(text: str) -> str | None:
    """The default account of a wallet or bank card named in `text`, or None when it names neither."""
    card = _CARD.search(text)
    if card:
        bank = next((code for name, code in BANKS.items() if name in (card["bank"] or text)), "Other")
        credit = card["kind"] == "信用卡" or "信用卡" in text
        return f"{'Liabilities:CreditCard' if credit else 'Assets:Bank'}:{bank}:{card['tail']}"
    for word, account in WALLETS:
        if word in text:
            return account
    return None


def _quote(text) -> str:
    text = " ".join(str(text).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _postings(record: dict, accounts: Accounts) -> tuple[str, str]:
    """(account that receives, account that gives) for one record."""
    method = accounts.for_method(record.get("payment_method"))
    direction = record.get("direction") or "expense"
    if direction == "income":
        return method, accounts.for_category(record.get("category"), "income")
    if direction == "refund":
        return method, accounts.for_category(record.get("category"), "expense")
    if direction == "transfer":
        merchant = unicodedata.normalize("NFKC", record.get("merchant") or "").strip()
        counterparty = accounts.methods.get(merchant) or own_account(merchant)
        return (counterparty if counterparty and counterparty != method else accounts.transfers), method
    return accounts.for_category(record.get("category"), "expense"), method


def _transaction(record: dict, accounts: Accounts, refunded: set[str]) -> tuple[str, str, set[str]]:
    """(date, text, accounts used) of one record's transaction."""
    when = str(record["occurred_at"])
    day, clock = when[:10], when[11:19]
    to, frm = _postings(record, accounts)
    amount, currency = f"{record['amount']}", record.get("currency") or "CNY"
    if not re.fullmatch(r"\d+\.\d{2}", amount):
        raise ValueError(f"record {record.get('id')}: amount {amount!r} is not two-decimal")
    narration = record.get("memo") or record.get("category") or record.get("platform") or ""
    head = f"{day} * {_quote(record.get('merchant') or '')} {_quote(narration)}"
    source = _TAG.sub("-", record.get("source") or "").strip("-")
    if source:
        head += f" #{source}"
    tags = list(record.get("tags") or [])
    # Beancount's tags are ASCII words: those become #tags; every tag (出差 too) is kept in the `tags` metadata.
    head += "".join(f" #{tag}" for tag in tags if not _TAG.search(tag))
    if record.get("refund_of"):
        head += f" ^sl-{record['refund_of']}"
    elif str(record["id"]) in refunded:
        head += f" ^sl-{record['id']}"
    lines = [head, f'  record_id: "{record["id"]}"']
    if clock:
        lines.append(f'  time: "{clock}"')
    for key in ("platform", "order_no", "merchant_order_no", *INVOICE_META, "refund_of"):
        if record.get(key):
            lines.append(f"  {key}: {_quote(record[key])}")
    if tags:
        lines.append(f"  tags: {_quote(' '.join(tags))}")
    width = max(len(to), len(frm)) + 2
    lines.append(f"  {to:<{width}} {amount:>12} {currency}")
    lines.append(f"  {frm:<{width}} {'-' + amount:>12} {currency}")
    return day, "\n".join(lines), {to, frm}


# An e-invoice's facts as metadata: its number, buyer, the buyer's tax ID, the tax (two decimals, as text) and the
# invoice a 红字 credit note reverses.
INVOICE_META = ("invoice_no", "invoice_buyer", "invoice_buyer_tax_id", "invoice_tax", "invoice_reverses")


def to_beancount(records: Iterable[dict], *, accounts: Accounts | None = None, title: str = "SnapLedger") -> str:
    """A whole Beancount file for `records` (their JSON form), oldest first, every account opened."""
    accounts = accounts or Accounts()
    rows = sorted(records, key=lambda r: (str(r["occurred_at"])[:19], int(r["id"])))
    refunded = {str(r["refund_of"]) for r in rows if r.get("refund_of")}
    transactions, used, first = [], set(), None
    for record in rows:
        day, text, names = _transaction(record, accounts, refunded)
        transactions.append(text)
        used |= names
        first = first or day
    opening = first or "1970-01-01"
    lines = [f"option {_quote('title')} {_quote(title)}", 'option "operating_currency" "CNY"', ""]
    lines += [f"{opening} open {name}" for name in sorted(used)]
    return "\n".join(lines) + "\n\n" + "\n\n".join(transactions) + ("\n" if transactions else "")
