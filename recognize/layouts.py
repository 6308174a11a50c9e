"""Turn OCR boxes into payment items: rows, label/value pairs, app detection, per-app rules, generic fallback.

Pure Python over `Box`es so the rules can be tested without running the OCR model.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from recognize import normalize
from recognize.errors import NoPaymentFound
from recognize.models import FIELDS, Item


@dataclass
class Box:
    """One OCR text box in image pixels, with its recognition score."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        """Box height (a proxy for font size)."""
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return (self.x0 + self.x1) / 2


@dataclass
class Row:
    """Boxes that share a text line, left to right."""

    boxes: list[Box]

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def text(self) -> str:
        return " ".join(b.text for b in self.boxes)

    @property
    def score(self) -> float:
        return min(b.score for b in self.boxes)


@dataclass
class Pair:
    """A label and its value as read from one row (plus wrapped continuation lines)."""

    role: str
    label: str
    value: str
    score: float
    row: int
    x0: float


# Label text → role. Order inside a role is preference order when a page shows several of them.
LABELS = {
    "time": (
        "支付时间",
        "交易时间",
        "付款时间",
        "收款时间",
        "到账时间",
        "退款时间",
        "转账时间",
        "领取时间",
        "发放时间",
        "创建时间",
        "下单时间",
        "订单时间",
        "交易日期",
        "完成时间",
        "记账日期",
        "时间",
    ),
    "method": (
        "支付方式",
        "付款方式",
        "扣款方式",
        "退款方式",
        "退回账户",
        "退款账户",
        "收款方式",
        "到账账户",
        "付款卡",
        "支付卡",
        "付款账户",
        "付款银行卡",
        "转出账户",
        "付款账号",
        "收款账户",
    ),
    "order": (
        "交易单号",
        "订单号",
        "订单编号",
        "订单号码",
        "交易号",
        "支付单号",
        "转账单号",
        "退款单号",
        "交易流水号",
        "流水号",
        "凭证号",
        "业务流水号",
    ),
    "merchant_order": ("商户单号", "商家订单号", "商户订单号"),
    "payee": (
        "收款方",
        "收款人",
        "收款户名",
        "收款人姓名",
        "收款账户名",
        "商户名称",
        "对方户名",
        "对方账户",
        "对方",
        "商家",
    ),
    "payer": ("付款方", "付款人", "转账人", "付款户名", "发送人"),
    "goods": ("商品", "商品说明", "商品名称", "转账说明", "转账备注", "备注", "附言", "用途", "交易说明", "服务"),
    "merchant_full": ("商户全称", "收款方全称"),
    "status": ("当前状态", "交易状态", "订单状态"),
    # Amounts that are not what was paid: discounts, subtotals and fees around the paid amount.
    "discount": (
        "优惠",
        "立减",
        "红包抵扣",
        "优惠券",
        "原价",
        "订单金额",
        "商品金额",
        "商品总额",
        "券抵扣",
        "满减优惠",
        "合计",
        "小计",
        "运费",
        "配送费",
        "打包费",
        "分期信息",
    ),
    "amount": ("实付金额", "实付", "支付金额", "付款金额", "交易金额", "转账金额", "退款金额", "收款金额", "实付款"),
}
LABEL_ROLE = {label: role for role, labels in LABELS.items() for label in labels}
LABELS_BY_LENGTH = sorted(LABEL_ROLE, key=len, reverse=True)

# Words that name a screen rather than a merchant (title bars, status lines).
SCREEN_WORDS = re.compile(
    r"^(账单详情|交易详情|订单详情|支付成功|付款成功|交易成功|支付完成|转账成功|转账详情|转账|红包详情|退款详情|"
    r"退款成功|已收款|你已收款|已存入零钱|收款成功|账单|全部账单|交易记录|电子回单|转账回单|回单详情|收支明细|"
    r"完成|返回|详情|订单已完成|行程已结束|支付结果|付款结果|账单明细|再来一单|评价|再次购买|申请售后|联系商家|"
    r"查看发票|删除订单|发票|评价司机|转账汇款|转账结果)$"
)
SENTENCE = re.compile(r"[，。！？,!?]|光临|感谢")
SHOP_WORDS = re.compile(r"店|旗舰|自营|餐厅|超市|商行|专卖|馆|铺|>$")
RED_PACKET_TITLE = re.compile(r"^(?P<name>.+?)(发出)?的红包$")
# Platforms that are themselves the merchant of what they sell (a ride is bought from 滴滴出行).
SELF_MERCHANT = {"滴滴出行"}

# Platform cues with weights: structural words that only one app prints weigh more than brand names,
# because a merchant name ('美团外卖' paid with Alipay) must not decide the platform.
PLATFORM_CUES = {
    "微信支付": (
        ("商户全称", 3),
        ("当前状态", 3),
        ("财付通", 2),
        ("发起群收款", 3),
        ("零钱", 2),
        ("微信", 2),
        ("交易单号", 1),
        ("商户单号", 2),
        ("账单服务", 2),
        ("对订单有疑惑", 3),
        ("全部账单", 4),
        ("已存入零钱", 3),
    ),
    "支付宝": (
        ("支付宝", 3),
        ("花呗", 3),
        ("余额宝", 3),
        ("商家订单号", 3),
        ("账单分类", 3),
        ("收款方全称", 2),
        ("账单管理", 2),
        ("对此订单有疑问", 3),
        ("蚂蚁", 2),
        ("搜索交易记录", 4),
        ("收支分析", 3),
    ),
    "云闪付": (("云闪付", 4), ("银联", 2), ("UnionPay", 3)),
    "美团": (("美团支付", 4), ("美团", 1), ("骑手", 2), ("再来一单", 3), ("配送", 1)),
    "京东": (("京东支付", 4), ("京东", 2), ("白条", 3), ("京豆", 3), ("京东快递", 2)),
    "滴滴出行": (("滴滴", 2), ("行程", 2), ("快车", 2), ("司机", 2), ("里程", 2), ("起点", 1), ("终点", 1)),
    "工商银行": (("中国工商银行", 4), ("工商银行", 3), ("工银", 2), ("ICBC", 3)),
    "招商银行": (("招商银行App", 4), ("招商银行转账", 4), ("一网通", 3), ("一卡通", 3), ("CMB", 2), ("招商银行", 1)),
}

REFUND_WORDS = re.compile(r"已(全额|部分)?退款|退款成功|退款详情|退款到账|退款金额|退款中|退款已到账|退款时间")
TRANSFER_WORDS = re.compile(r"转账|汇款")
RECEIVED_WORDS = re.compile(r"已收款|你已收款|收款成功|已存入|已领取|存入零钱|收到|已到账|入账")
RED_PACKET_WORDS = re.compile(r"红包")
SUMMARY_WORDS = re.compile(r"支出|收入|合计|总计|本月|共\d+笔|月账单|统计")

_AMOUNT_FULL = re.compile(
    r"^(?P<sign>[+\-])?[¥￥Y]?(?P<sign2>[+\-])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d{1,2})?(?P<yuan>元)?$"
)
_CLOCK = re.compile(r"^(上午|下午)?\d{1,2}:\d{2}$")
_DATEISH = re.compile(r"\d{1,4}\s*[-/.年月]\s*\d{1,2}|今天|昨天|前天")


def amount_match(text: str):
    """Match a box that is nothing but an amount ('-128.50', '¥36.00', '+1,200.00', '88元')."""
    text = text.replace(" ", "")
    text = re.sub(r"^[一—–−]", "-", text)
    match = _AMOUNT_FULL.match(text)
    if not match:
        return None
    has_marker = match["dec"] or match["yuan"] or "¥" in text or "￥" in text
    # Bare integers are battery levels, counts and years, not money.
    if not has_marker:
        return None
    return match


class Page:
    """The OCR result of one image: boxes minus the status bar, grouped into rows."""

    def __init__(self, boxes: list[Box], width: int, height: int):
        self.width = width
        self.height = height
        cleaned = []
        for box in boxes:
            text = normalize.clean_text(box.text)
            if text:
                cleaned.append(Box(text, box.score, box.x0, box.y0, box.x1, box.y1))
        self.status = [b for b in cleaned if self.in_status_bar(b)]
        self.boxes = [b for b in cleaned if b not in self.status]
        self.rows = group_rows(self.boxes)
        self.median_h = statistics.median([b.h for b in self.boxes]) if self.boxes else 0

    def in_status_bar(self, box: Box) -> bool:
        """True for the phone's clock, signal and battery at the very top of the screen."""
        if box.cy > 0.04 * self.height:
            return False
        # Some Android status bars also show the date ('11月3日 周二'); none of it is about the payment.
        return bool(_CLOCK.match(box.text.replace(" ", ""))) or len(box.text) <= 10

    def text(self) -> str:
        """All the text read, row by row (status bar included), for the draft's raw_text."""
        rows = group_rows(self.status) + self.rows
        return "\n".join(row.text for row in rows)

    def joined(self) -> str:
        """All text outside the status bar without spaces, for keyword cues."""
        return "".join(b.text.replace(" ", "") for b in self.boxes)


def group_rows(boxes: list[Box]) -> list[Row]:
    """Cluster boxes into text lines, top to bottom, each left to right.

    Two boxes share a line when each one's vertical centre lies inside the other: a tall logo glyph beside a
    name and its time line must not glue those two lines together.
    """
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        for row in reversed(rows[-3:]):
            seed = row[0]
            if seed.y0 <= box.cy <= seed.y1 and box.y0 <= seed.cy <= box.y1:
                row.append(box)
                break
        else:
            rows.append([box])
    return [Row(sorted(r, key=lambda b: b.x0)) for r in rows]


def split_label(text: str) -> tuple[str, str, str] | None:
    """('role', 'label', 'rest') when text is a known label or starts with one, else None."""
    compact = text.replace(" ", "").rstrip(":：")
    if compact in LABEL_ROLE:
        return LABEL_ROLE[compact], compact, ""
    for label in LABELS_BY_LENGTH:
        if len(label) >= 2 and compact.startswith(label):
            rest = compact[len(label) :].lstrip(":：")
            # '时间' alone is too short a prefix to split a merged box safely.
            if rest and label != "时间":
                return LABEL_ROLE[label], label, text.split(label, 1)[1].strip().lstrip(":：").strip()
    return None


def find_pairs(page: Page) -> list[Pair]:
    """Label/value pairs: a known label at the left of a row and the rest of the row as its value."""
    pairs: list[Pair] = []
    last_row = -10
    for index, row in enumerate(page.rows):
        first = row.boxes[0]
        found = split_label(first.text) if first.x0 < 0.45 * page.width else None
        if found:
            role, label, rest = found
            values = ([rest] if rest else []) + [b.text for b in row.boxes[1:]]
            if values:
                value_x = row.boxes[1].x0 if len(row.boxes) > 1 else first.x0
                pairs.append(Pair(role, label, " ".join(values), row.score, index, value_x))
                last_row = index
                continue
        if pairs and last_row == index - 1 and len(row.boxes) == 1 and is_continuation(page, pairs[-1], row):
            pairs[-1].value += first.text
            last_row = index
    return pairs


def is_continuation(page: Page, pair: Pair, row: Row) -> bool:
    """A wrapped value line: starts under the previous value, right below it, not a label itself."""
    previous = page.rows[pair.row]
    box = row.boxes[0]
    close = box.y0 - previous.y1 < 0.9 * max(box.h, 1)
    aligned = abs(box.x0 - pair.x0) < 0.04 * page.width or abs(box.x1 - previous.boxes[-1].x1) < 0.04 * page.width
    return (
        close
        and aligned
        and split_label(box.text) is None
        and pair.role in ("merchant_full", "goods", "payee", "order", "merchant_order")
    )


def detect_platform(page: Page) -> tuple[str | None, float]:
    """The app that drew this screen, from weighted keyword cues; (name, certainty)."""
    text = page.joined()
    scores = {name: sum(w for cue, w in cues if cue in text) for name, cues in PLATFORM_CUES.items()}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        return None, 0.0
    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[0] - ranked[1]
    return best, min(1.0, 0.6 + 0.1 * margin)


def amount_boxes(page: Page) -> list[tuple[Box, object]]:
    """Every box that is only an amount, with its regex match."""
    found = []
    for box in page.boxes:
        match = amount_match(box.text)
        if match:
            found.append((box, match))
    return found


def first_pair(pairs: list[Pair], role: str, order: tuple[str, ...] | None = None) -> Pair | None:
    """The pair of `role` whose label comes first in `order` (default: LABELS order)."""
    candidates = [p for p in pairs if p.role == role]
    if not candidates:
        return None
    order = order or LABELS[role]
    return min(candidates, key=lambda p: order.index(p.label) if p.label in order else len(order))


def clean_value(text: str | None) -> str | None:
    """Strip the arrows and copy buttons apps draw after values."""
    if not text:
        return None
    text = re.sub(r"\s*(>|›|〉|复制)+$", "", text.strip())
    return text or None


def clean_order(text: str | None) -> str | None:
    """Order numbers without spaces or trailing '复制'."""
    text = clean_value(text)
    if not text:
        return None
    text = text.replace(" ", "")
    return text if re.search(r"\d{6,}", text) else None


@dataclass
class Draft:
    """Fields being assembled for one item, with a certainty per field."""

    fields: dict = field(default_factory=dict)
    confidence: dict = field(default_factory=dict)

    def set(self, name: str, value, certainty: float) -> None:
        """Set a field if it has a value."""
        if value:
            self.fields[name] = value
            self.confidence[name] = round(max(0.0, min(1.0, certainty)), 3)

    def item(self) -> Item:
        """The finished `Item` with every field present (None when unknown)."""
        fields = {name: self.fields.get(name) for name in FIELDS}
        confidence = {name: self.confidence.get(name, 0.0) for name in fields}
        return Item(fields=fields, confidence=confidence)


def direction_for(page: Page, sign: str | None) -> tuple[str, float]:
    """expense / income / transfer / refund from the amount's sign and the page's status words."""
    text = page.joined()
    if REFUND_WORDS.search(text):
        return "refund", 0.9
    # The sign is the strongest cue; '对方已收款' on a transfer you sent is not money coming in.
    received = sign != "-" and RECEIVED_WORDS.search(text.replace("对方已", ""))
    if TRANSFER_WORDS.search(text):
        return ("income", 0.85) if sign == "+" or received else ("transfer", 0.85)
    if sign == "+":
        return "income", 0.95
    if RED_PACKET_WORDS.search(text) and received:
        return "income", 0.85
    if sign == "-":
        return "expense", 0.95
    return "expense", 0.75


def pick_time(page: Page, pairs: list[Pair], direction: str, now, tz) -> tuple[datetime | None, float]:
    """The payment time: a labelled time first (by label preference), else any date on the page."""
    order = LABELS["time"]
    if direction == "refund":
        order = ("退款时间", "到账时间", *order)
    elif direction == "income":
        order = ("收款时间", "到账时间", *order)
    timed = [p for p in pairs if p.role == "time"]
    for pair in sorted(timed, key=lambda p: order.index(p.label) if p.label in order else len(order)):
        value = normalize.parse_datetime(pair.value, now=now, tz=tz)
        if value:
            return value, pair.score * 0.95
    for row in page.rows:
        if _DATEISH.search(row.text):
            value = normalize.parse_datetime(row.text, now=now, tz=tz)
            if value:
                return value, row.score * 0.6
    return None, 0.0


def merchant_above(page: Page, amount_row: int) -> tuple[str | None, float]:
    """The merchant name printed just above the big amount (WeChat/Alipay detail and success pages)."""
    for index in range(amount_row - 1, max(-1, amount_row - 4), -1):
        row = page.rows[index]
        texts = [b for b in row.boxes if len(b.text) > 1 or len(row.boxes) == 1]
        if not texts:
            continue
        best = max(texts, key=lambda b: len(b.text))
        text = clean_value(best.text)
        if not text or not is_name(text):
            continue
        # A one-character box is a logo glyph, not a name.
        if len(text) < 2:
            continue
        return text, best.score * 0.9
    return None, 0.0


def is_name(text: str) -> bool:
    """Could this text be a merchant or person name (not a title, label, amount, date, sentence or button)?"""
    compact = text.replace(" ", "")
    if len(compact) < 2 or SCREEN_WORDS.match(compact) or SENTENCE.search(compact):
        return False
    if split_label(text) or amount_match(text) or _DATEISH.search(text) or _CLOCK.match(compact):
        return False
    return not re.fullmatch(r"[\d\s*.:·-]+", compact)


def merchant_from_title(page: Page, before_row: int) -> tuple[str | None, float]:
    """The first name-like text near the top, preferring a shop line (generic and order-page fallback)."""
    names = []
    for row in page.rows[:before_row]:
        best = max(row.boxes, key=lambda b: len(b.text))
        text = clean_value(best.text)
        if text and is_name(text):
            names.append((text, best))
    for text, box in names:
        if SHOP_WORDS.search(box.text.strip()):
            return text, box.score * 0.8
    if names:
        return names[0][0], names[0][1].score * 0.5
    return None, 0.0


def red_packet_sender(page: Page) -> tuple[str | None, float]:
    """'张三的红包' → 张三."""
    for box in page.boxes:
        match = RED_PACKET_TITLE.match(box.text.replace(" ", ""))
        if match:
            return match["name"], box.score * 0.9
    return None, 0.0


def method_for(page: Page, pairs: list[Pair], direction: str) -> tuple[str | None, float]:
    """Payment method as shown: a labelled method, else '零钱'/'余额' from 'stored in' status lines."""
    pair = first_pair(pairs, "method")
    if pair:
        return clean_value(pair.value), pair.score * 0.95
    text = page.joined()
    for word in ("零钱通", "零钱", "余额宝", "余额"):
        if f"存入{word}" in text or f"已存入{word}" in text:
            return word, 0.8
    return None, 0.0


def parse_detail(page: Page, pairs: list[Pair], amount: tuple[Box, object], platform, platform_certainty, now, tz):
    """One item from a detail/success/receipt page around its big amount."""
    box, match = amount
    draft = Draft()
    sign = match["sign"] or match["sign2"]
    value, _ = normalize.parse_amount(box.text.replace("Y", "¥"))
    if value is None:
        raise NoPaymentFound("no readable amount")
    direction, direction_certainty = direction_for(page, sign)
    draft.set("amount", normalize.format_amount(value), box.score * 0.98)
    draft.set("direction", direction, box.score * direction_certainty)
    draft.set("currency", "CNY", 0.9)
    occurred, certainty = pick_time(page, pairs, direction, now, tz)
    if occurred:
        draft.set("occurred_at", occurred.isoformat(), certainty)
    amount_row = next(i for i, row in enumerate(page.rows) if box in row.boxes)
    draft.set("merchant", *pick_merchant(page, pairs, platform, direction, amount_row))
    method, certainty = method_for(page, pairs, direction)
    draft.set("payment_method", method, certainty)
    order = first_pair(pairs, "order") or first_pair(pairs, "merchant_order")
    if order:
        draft.set("order_no", clean_order(order.value), order.score * 0.9)
    goods = first_pair(pairs, "goods")
    if goods:
        draft.set("memo", clean_value(goods.value), goods.score * 0.8)
    draft.set("platform", platform, platform_certainty)
    finish(draft, direction, now)
    return draft


def pick_merchant(page: Page, pairs: list[Pair], platform, direction: str, amount_row: int):
    """The merchant (or person) by the platform's layout: red packet sender, name above the amount, payee row,
    shop line, title area."""
    if platform in SELF_MERCHANT:
        return platform, 0.8
    sender = red_packet_sender(page)
    if sender[0]:
        return sender
    if platform in ("微信支付", "支付宝"):
        above = merchant_above(page, amount_row)
        if above[0]:
            return above
    for role in ("payer", "payee") if direction == "income" else ("payee",):
        pair = first_pair(pairs, role)
        if pair and clean_value(pair.value):
            return clean_value(pair.value), pair.score * 0.9
    if platform in ("美团", "京东"):
        shop = merchant_from_title(page, amount_row)
        if shop[0]:
            return shop
    above = merchant_above(page, amount_row)
    if above[0]:
        return above
    return merchant_from_title(page, amount_row)


def far_from_now(value: str | None, now: datetime | None) -> bool:
    """True when an ISO time is more than a year before `now` or in its future: likely a misread year or month."""
    if not value:
        return False
    when = datetime.fromisoformat(value)
    now = (now or datetime.now(when.tzinfo)).astimezone(when.tzinfo)
    return not (now - timedelta(days=366) <= when <= now + timedelta(days=1))


def finish(draft: Draft, direction: str, now: datetime | None = None) -> None:
    """Fill the category from merchant and memo; lower the time's confidence when it is far from today."""
    if far_from_now(draft.fields.get("occurred_at"), now):
        draft.confidence["occurred_at"] = round(draft.confidence["occurred_at"] * 0.3, 3)
    category = normalize.guess_category(draft.fields.get("merchant"), draft.fields.get("memo"), direction=direction)
    draft.set("category", category, 0.5 if category != "其他" else 0.3)


def list_rows(page: Page, amounts) -> list[tuple[int, Box, object]]:
    """Rows of a bill list: a signed amount at the right with a name at the left, summary lines excluded."""
    found = []
    for box, match in amounts:
        if box.x1 < 0.6 * page.width or not (match["sign"] or match["sign2"]):
            continue
        index = next(i for i, row in enumerate(page.rows) if box in row.boxes)
        row = page.rows[index]
        left = [b for b in row.boxes if b is not box and b.x1 < box.x0]
        if not left or SUMMARY_WORDS.search(row.text) or split_label(left[0].text):
            continue
        found.append((index, box, match))
    return found


def parse_list(page: Page, entries, platform, platform_certainty, now, tz) -> list[Draft]:
    """Several items from a bill list: name and amount on one row, the time on the line(s) below."""
    drafts = []
    bounds = [index for index, _, _ in entries] + [len(page.rows)]
    for (index, box, match), end in zip(entries, bounds[1:], strict=False):
        draft = Draft()
        row = page.rows[index]
        sign = match["sign"] or match["sign2"]
        value, _ = normalize.parse_amount(box.text)
        if value is None:
            continue
        name_box = max((b for b in row.boxes if b is not box and b.x1 < box.x0), key=lambda b: len(b.text))
        text = " ".join(page.rows[i].text for i in range(index + 1, min(end, index + 3)))
        direction = "income" if sign == "+" else "expense"
        if "退款" in name_box.text or "退款" in text:
            direction = "refund"
        draft.set("amount", normalize.format_amount(value), box.score * 0.97)
        draft.set("direction", direction, box.score * 0.9)
        draft.set("currency", "CNY", 0.9)
        draft.set("merchant", clean_value(name_box.text), name_box.score * 0.85)
        occurred = normalize.parse_datetime(text, now=now, tz=tz) if _DATEISH.search(text) else None
        if occurred:
            draft.set("occurred_at", occurred.isoformat(), 0.85)
        draft.set("platform", platform, platform_certainty)
        finish(draft, direction, now)
        drafts.append(draft)
    return drafts


def labelled_amount(page: Page) -> tuple[Box, object] | None:
    """An amount printed right after a 实付/支付金额-style label anywhere in a row (order pages)."""
    for row in page.rows:
        for n, box in enumerate(row.boxes):
            found = split_label(box.text)
            if not found or found[0] != "amount":
                continue
            rest = found[2]
            if rest and amount_match(rest):
                return box, amount_match(rest)
            if n + 1 < len(row.boxes) and amount_match(row.boxes[n + 1].text):
                return row.boxes[n + 1], amount_match(row.boxes[n + 1].text)
    return None


def parse(page: Page, *, now=None, tz: str = "Asia/Shanghai") -> list[Item]:
    """Items read from one page; raises NoPaymentFound when the page shows no amount.

    Order of trust: one dominant big amount (detail, success and receipt pages), then an amount after a
    实付-style label (order pages), then bill-list rows, then the largest signed or ¥-marked amount.
    """
    amounts = amount_boxes(page)
    labelled = labelled_amount(page)
    if not amounts and not labelled:
        raise NoPaymentFound("no amount on this screenshot")
    pairs = find_pairs(page)
    platform, certainty = detect_platform(page)
    if amounts:
        tallest = max(amounts, key=lambda a: (a[0].h, -a[0].y0))
        if tallest[0].h >= 1.5 * page.median_h:
            return [parse_detail(page, pairs, tallest, platform, certainty, now, tz).item()]
    if labelled:
        return [parse_detail(page, pairs, labelled, platform, certainty, now, tz).item()]
    entries = list_rows(page, amounts)
    if entries:
        drafts = parse_list(page, entries, platform, certainty, now, tz)
        if drafts:
            return [d.item() for d in drafts]
    marked = [a for a in amounts if a[1]["sign"] or a[1]["sign2"] or "¥" in a[0].text or "￥" in a[0].text]
    if marked:
        best = max(marked, key=lambda a: (a[0].h, -a[0].y0))
        return [parse_detail(page, pairs, best, platform, certainty * 0.8, now, tz).item()]
    raise NoPaymentFound("no payment amount on this screenshot")
