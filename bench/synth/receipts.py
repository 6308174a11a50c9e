"""Ride and freight receipts as PDFs with a text layer (or a picture of one): a freight app's 货物运输电子货票收款凭证
and ride apps' 行程单 / 行程报销单 for one trip (用车时间, 服务类型, 费用合计 CNY661.00, 订单号, 申请日期,
电子报销凭证序号, the driver as payee, a page of legal text under it).

The truth: an expense of the total at the time of use (not the 申请日期 the receipt was made), order_no the
订单号 (never the 凭证序号), platform the app that issued the receipt, no merchant (an individual driver is paid).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bench.synth.canvas import Canvas, Theme
from bench.synth.data import amount, before, digits
from bench.synth.pdfdoc import pdf
from bench.synth.truth import row
from bench.synth.variant import Device, Variant

KINDS = ("ride_receipt",)
PAPER = Theme(bg="#ffffff", card="#ffffff", fg="#202020", gray="#555555", line="#cccccc", dark=False)
# (platform, title, what the issuer line says, service)
ISSUERS = {
    "dev": (
        ("货拉拉", "货物运输电子货票收款凭证", "货拉拉仅作为制作方为承运人向托运人开具本电子收款凭证", "运输"),
        ("滴滴出行", "滴滴出行-电子行程单", "本行程单由滴滴出行开具，仅供报销参考", "快车"),
    ),
    "eval": (
        ("高德地图", "高德打车 电子行程单", "高德打车为聚合平台，本行程单由平台代为出具", "特惠快车"),
        ("曹操出行", "曹操出行 行程报销单", "曹操出行提供行程信息，不作为发票使用", "专车"),
    ),
}
PLACES = {
    "dev": ("星光花园-3栋", "科技园南门", "火车东站P2", "人民医院东门", "万科城二期"),
    "eval": ("滨江大道88号", "高新孵化园B座", "机场T2到达层", "大学城北地铁站", "金沙湾一期"),
}
LEGAL = (
    "承运人收款凭证可以作为企业所得税税前扣除凭证，税法依据如下：",
    "对方为依法无需办理税务登记的单位或者从事小额零星经营业务的个人，其支出以收款凭证作为税前扣除凭证。",
    "按次纳税的，为每次（日）销售额300-500元。对月销售额10万元以下（含本数）的小规模纳税人，免征增值税。",
)


def ride_receipt(v: Variant, captured: datetime):
    """One receipt: (PDF bytes or a picture, label items, device or None, app, page name, is paper)."""
    rng = v.rng
    layout = v.pick("receipt.layout", dev=("inline", "columns"), eval=("pairs", "columns_total_first"))
    time_label = v.pick("receipt.time", dev=("用车时间",), eval=("上车时间", "行程时间"))
    total_label = v.pick("receipt.total", dev=("费用合计", "实付金额"), eval=("合计金额", "总金额"))
    currency = v.pick("receipt.currency", dev=("CNY", "¥"), eval=("RMB", "￥", "yuan"))
    made = v.pick("receipt.made", dev=("申请日期",), eval=("开具时间",))
    platform, title, issuer, service = v.pool(ISSUERS)
    start, end = rng.sample(PLACES[v.split], 2)
    used = before(rng, captured, days=50).replace(second=0)
    issued = used + timedelta(days=rng.randrange(0, 150), minutes=rng.randrange(0, 900))
    issued = min(issued, captured)
    total = amount(rng, 9, rng.choice((80, 300, 900)))
    order = digits(rng, 12 if v.split == "dev" else 16)
    serial = digits(rng, 14)
    money = f"{total:.2f}元" if currency == "yuan" else f"{currency}{total:.2f}"
    when = f"{used:%Y-%m-%d %H:%M}"
    made_at = f"{issued:%Y-%m-%d}" if made == "申请日期" else f"{issued:%Y-%m-%d %H:%M}"
    driver = rng.choice(("王*", "李*", "赵**"))
    lines = [(150, 60, 16, title), (40, 92, 10, f"电子报销凭证序号：{serial}")]
    if layout == "inline":
        lines += [
            (40, 130, 10, f"{time_label}：{when}"),
            (40, 150, 10, f"订单号：{order}"),
            (40, 170, 10, f"服务类型：{service}"),
            (40, 190, 10, f"自 {start}"),
            (40, 210, 10, f"至 {end}"),
            (40, 240, 12, f"{total_label}：{money}"),
        ]
    elif layout == "columns":
        lines += [
            (40, 112, 10, "托运人名称"),
            (240, 112, 10, "托运人纳税人识别号"),
            (40, 128, 10, "个人"),
            (40, 150, 10, time_label),
            (200, 150, 10, "订单编号"),
            (380, 150, 10, "服务类型"),
            (40, 172, 10, f"自 {start}"),
            (40, 190, 10, f"至 {end}"),
            (40, 210, 10, when),
            (200, 210, 10, order),
            (380, 210, 10, service),
            (40, 240, 12, f"{total_label}：{money}"),
        ]
    elif layout == "pairs":
        lines += [
            (40, 130, 10, f"{time_label} {when}"),
            (300, 130, 10, f"订单号 {order}"),
            (40, 150, 10, f"起点 {start}"),
            (300, 150, 10, f"终点 {end}"),
            (40, 170, 10, f"车型 {service}"),
            (300, 170, 10, f"{total_label} {money}"),
        ]
    else:
        lines += [
            (40, 120, 12, f"{total_label}：{money}"),
            (40, 150, 10, time_label),
            (220, 150, 10, "订单编号"),
            (400, 150, 10, "车型"),
            (40, 170, 10, when),
            (220, 170, 10, order),
            (400, 170, 10, service),
            (40, 190, 10, f"{start} → {end}"),
        ]
    lines += [
        (40, 272, 10, f"承运人姓名 {driver}"),
        (220, 272, 10, f"承运人身份证号码 {digits(rng, 10)}****{digits(rng, 4)}"),
        (40, 292, 10, f"{made} {made_at}"),
        (40, 320, 9, issuer),
        *((40, 350 + 18 * n, 8.5, text) for n, text in enumerate(LEGAL)),
    ]
    item = row(
        direction="expense", amount=f"{total:.2f}", currency="CNY", occurred_at=when, platform=platform, order_no=order
    ).values
    # Some people send a screenshot of the receipt instead of the file (a coin: both splits hold pictures).
    if not v.coin("receipt.picture", 0.35):
        return pdf(lines), [item], None, "receipt", f"{title} (PDF)", False
    width = round(595 * rng.uniform(1.8, 2.4))
    c = Canvas(width, round(width * 420 / 595), 595, PAPER, v.fonts())
    for x, y, size, text in lines:
        c.text(x, y, text, size, bold=size >= 16)
    image = c.finish()
    return image, [item], Device(image.width, image.height, 595, "desktop"), "receipt", f"{title} (picture)", False


RENDER = {"ride_receipt": ride_receipt}
