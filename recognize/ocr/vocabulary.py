"""The words and shapes the offline engine reads screens by: labels and their roles, screen titles, platform
cues, direction words, and the text shapes of amounts, clocks and dates. Data only.
"""

from __future__ import annotations

import re

from recognize.normalize import BANK_PLATFORMS, JOINT_STOCK_BANKS, PLATFORMS

# Label text → role. Order inside a role is preference order when a page shows several of them.
LABELS = {
    "category": ("交易分类", "账单分类", "分类"),
    "time": (
        "收益日期",
        "支付时间",
        "交易时间",
        "扣费时间",
        "扣款时间",
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
        "收益去向",
        "支付方式",
        "付款方式",
        "扣款方式",
        "退款方式",
        "退回账户",
        "退款账户",
        "收款方式",
        "到账账户",
        "付款卡",
        "交易卡号",
        "付款卡号",
        "支付卡",
        "付款账户",
        "付款银行卡",
        "转出账户",
        "付款账号",
        "收款账户",
        "收款卡号",
        "交易方式",  # Alipay's 支付成功 page
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
        "交易对方",
        "收款方名称",
        "对方账户",
        "对方",
        "商家",
        "订单信息",  # 云闪付's success page: the merchant on the same line
        "还款卡片",  # a credit-card repayment: the card repaid is where the money went
        "还款信用卡",
    ),
    "payer": ("付款方", "付款人", "转账人", "付款户名", "发送人"),
    "goods": ("商品", "商品说明", "商品名称", "转账说明", "转账备注", "备注", "附言", "用途", "交易说明", "服务"),
    "merchant_full": ("商户全称", "收款方全称"),
    "status": ("当前状态", "交易状态", "订单状态"),
    # Labels of rows that are none of the fields, named so their values are never read as another label's value
    # or as a wrapped part of one (收单机构 under 商户全称, 交易类型 above a bank page's card).
    # The other side's bank and account on a bank transfer: they never name the app that drew the page.
    "payee_account": ("收款银行", "收款账号", "对方账号", "对方银行", "对方开户行", "收款行", "付款银行"),
    "other": (
        "收单机构",
        "交易类型",
        "本期账单",
        "确认日期",
        "支付奖励",
        # A bank page's fee and balance: amounts that are never what moved. (A bare 余额 is not one: it is also
        # Alipay's wallet, a payment method's value.)
        "手续费",
        "可用余额",
        "账户余额",
        "摘要",
    ),
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
    "amount": (
        "实付金额",
        "实付",
        "支付金额",
        "付款金额",
        "交易金额",
        "转账金额",
        "退款金额",
        "收款金额",
        "实付款",
        "买入金额",
        "卖出金额",
        "赎回金额",
        "申购金额",
        "定投金额",
        "还款金额",
        "扣费金额",
        "到账金额",
        "支出金额",
        "入账金额",
    ),
}


# Method labels naming where incoming money landed, tried first when money came in.
INCOME_METHOD_LABELS = ("收款卡号", "收款账户", "到账账户")


LABEL_ROLE = {label: role for role, labels in LABELS.items() for label in labels}


LABELS_BY_LENGTH = sorted(LABEL_ROLE, key=len, reverse=True)


# Words that name a screen rather than a merchant (title bars, status lines).
# A wallet's own name alone on a line is the page's or service chat's title (微信支付's 扣费凭证 card), never who was
# paid on it.
WALLET_TITLES = re.compile(r"^(微信支付|微信|支付宝|云闪付|财付通|WeChatPay|Alipay)$", re.IGNORECASE)
# A line that is only a branch in parentheses ('(中关村店)') continues the name on the line above it: a long name
# wraps there. Without that line (scrolled under the nav bar) it names no merchant on its own.
BRANCH_PART = re.compile(r"^[(（][^()（）]{1,20}[)）]$")
# How long a wallet's own transaction numbers are (交易单号, 转账单号, 订单号): WeChat Pay's are 28 digits, Alipay's 28
# or 32. OCR drops a digit of such a long line now and then, and nothing else on the page would show it, so a number
# of another length is offered marked.
ORDER_LENGTHS = {"微信支付": (28,), "支付宝": (28, 32)}
SCREEN_WORDS = re.compile(
    r"^(账单详情|交易详情|订单详情|支付成功|付款成功|交易成功|支付完成|转账成功|转账详情|转账|红包详情|退款详情|"
    r"退款成功|已收款|你已收款|已存入零钱|收款成功|账单|全部账单|交易记录|电子回单|转账回单|回单详情|收支明细|"
    r"完成|返回|详情|订单已完成|行程已结束|支付结果|付款结果|账单明细|再来一单|评价|再次购买|申请售后|联系商家|"
    r"查看发票|删除订单|发票|评价司机|转账汇款|转账结果|扣费凭证|扣款凭证|支付凭证|交易凭证|还款结果|还款详情)$"
)


# A line that says what paid, where a name sits: '通过零钱扣款', '使用花呗付款' (the method, never the merchant).
PAID_WITH = re.compile(r"^(?:已)?(?:通过|使用)(?P<method>[^\s,，。]{2,16}?)(?:扣款|扣费|支付|付款)(?:成功)?$")


# Where a sale's money lands, as a fund page says it: '预计到账余额宝', '已到账至招商银行储蓄卡(1234)'.
LANDS_IN = re.compile(
    r"(?:预计|已)?(?:到账|转入)(?:至|到)?(?P<method>零钱通|零钱|余额宝|账户余额|余额|[\u4e00-\u9fff]{2,10}(?:储蓄卡|银行卡|借记卡)"
    r"(?:[(（]\d{4}[)）])?)$"
)


# Any '…时间' label the list above does not name ('乘车时间', '记录时间'): a time, tried after the named ones.
# Not a due, delivery or validity time, which is not when the money moved.
OTHER_TIME_LABEL = re.compile(r"^(?!.*(?:预计|送达|到期|有效|截止|营业|剩余|预约))[\u4e00-\u9fff]{2,4}时间$")


# A header above offers and ads: what follows it is not about the payment.
RECOMMENDED = re.compile(r"为你推荐|为您推荐|猜你喜欢|精选推荐|热门推荐|更多推荐|推荐服务")


# A merged box that starts like a label but is a discount line: '商家满减 -¥6.00' is not 商家 (the payee).
DISCOUNT_START = re.compile(r"^(满减|立减|优惠|红包|券|折扣|减免|补贴|抵扣)")


# A line that takes money off the price: '美好生活365-天天享U惠 -¥22.95', '立减优惠 -¥3.00', '-￥5'.
DISCOUNT_LINE = re.compile(r"[-−－—]\s*[¥￥Y]\s*\d|(立减|优惠|满减|抵扣|红包|券)\S*[-−－]?\s*[¥￥]\s*\d")


SENTENCE = re.compile(r"[，。！？,!?]|光临|感谢")


# Lines that sit where a name sits but name nothing: amount labels, statuses, payment kinds, discount lines.
GENERIC_NAMES = re.compile(
    r"^(扣费金额|还款成功|还款金额|网上支付|快捷支付|消费|支付|付款|收款|交易金额|实付金额|订单金额|付款金额|"
    r"当前状态|支付方式|付款方式|商品说明|交易状态|已支付|待支付|已完成|还款|转入|转出|买入成功|卖出成功|"
    r"申购|赎回|定投|收益发放|充值|提现|代发工资|代发|工资|结息|利息|转入成功)$"
    r"|(抵扣|立减|满减|优惠|红包抵扣|优惠券|折扣|减免|运费|配送费|打包费)"
    r"|(进行中|处理中|已受理)$|^(定投)?(买入|卖出|赎回|申购)[·・\s]"
    # Offers around a payment sheet: '本单可享', '再返3元', '领券', '可享立减'.
    r"|^(本单)?可享|再返|领券|领积分|去领取"
    # Links on the page behind a sheet: '团购详情>', '购买须知>'.
    r"|\S(详情|须知)$"
    r"|[¥￥]\s*\d|[-+]\s*[¥￥]?\d+\.\d{2}"
    r"|^(已)?(通过|使用)\S{2,16}(扣款|扣费|支付|付款)(成功)?$"
)


# How apps decorate a name in a title or a bill-list row, and which way the money went by the decoration.
# (pattern, implied direction or None to keep the page's); the first that matches wins.
NAME_DECORATIONS = (
    (re.compile(r"^(?P<name>.+?)向你转账$"), "income"),
    (re.compile(r"^(?:微信)?(?:转账|红包|微信红包)(?:收款)?[-—－·:：]?来自(?P<name>.+)$"), "income"),
    (re.compile(r"^(?:转账收款|收款|收到转账)[-—－·:：](?P<name>.+)$"), "income"),
    (re.compile(r"^(?:微信)?(?:转账|红包|微信红包)[-—－·:：]?(?:转给|发给|给)(?P<name>.+)$"), "transfer"),
    (re.compile(r"^(?:转账给|转给|发给)(?P<name>.+)$"), "transfer"),
    (re.compile(r"^(?:扫二维码付款|二维码收款|付款)[-—－·:：]?给(?P<name>.+)$"), "expense"),
    (re.compile(r"^(?P<name>.+?)[-—－·](?:退款|退款成功|已退款)$"), "refund"),
    (re.compile(r"^(?:转账|红包)[-—－·:：](?P<name>.+)$"), "by_sign"),
    # A fund bought or sold (基金买入-天弘沪深300ETF联接A): the fund, a move of one's own money.
    (re.compile(r"^(?:基金)?(?:定投)?(?:买入|卖出|赎回|申购|定投)[-—－·:：](?P<name>.+)$"), "transfer"),
    # Money moved between the person's own pots: 余额宝-自动转入, 花呗-自动还款, 余额宝-转出到余额.
    (
        re.compile(
            r"^(?P<name>余额宝|花呗|借呗|零钱通|余利宝)[-—－·](?:\d{1,2}月账单)?(?:自动)?(?:转入|转出|还款|转出到\S+)$"
        ),
        "transfer",
    ),
    (re.compile(r"^(?P<name>.+?)\s*[(（]\d{0,4}\*{2,}\d{0,4}[)）]$"), None),
)


# A company's legal name is [region][trade name][trade][form]: 上海 · 瑞幸咖啡 · 餐饮管理 · 有限公司. People know it by
# the trade name (names.short_name), so a page that prints only the full name (收款方全称) offers that, marked.
REGIONS = (
    "北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|"
    "云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|深圳|广州|杭州|南京|苏州|成都|武汉|西安|长沙|郑州|"
    "青岛|厦门|宁波|无锡|东莞|佛山|合肥|福州|济南|大连|沈阳|昆明|哈尔滨|长春|石家庄|南昌|贵阳|南宁|太原|兰州|海口|"
    "珠海|温州|常州|嘉兴|绍兴|泉州|烟台|徐州|惠州|中山"
)
COMPANY_REGION = re.compile(
    rf"^({REGIONS})(省|市|自治区|特别行政区)?([\u4e00-\u9fff]{{1,3}}[区县])?|[(（]({REGIONS})[)）]"
)
COMPANY_FORM = re.compile(r"(集团)?(股份有限公司|有限责任公司|有限公司|公司)([\u4e00-\u9fff]{2,8}分公司)?$")
COMPANY_TRADES = re.compile(
    r"(餐饮管理|餐饮服务|餐饮|商贸|贸易|实业|网络科技|信息科技|信息技术|科技|电子商务|商业管理|企业管理|投资|管理|发展|"
    r"控股|咨询|文化传媒|传媒|服务|网络|销售)$"
)


# The status title a success page or a pay sheet opens its card with: what is above it is not the payment's.
PAID_TITLE = re.compile(r"^(支付成功|付款成功|支付完成|已支付)$")


# The status line a wallet card prints under its amount ('交易成功', '已存入零钱'): where the card puts its merchant
# under the amount, this line is not it.
STATUS_LINE = re.compile(
    r"^(交易|支付|付款|收款|退款|转账|还款)?(成功|完成|关闭|失败|处理中|进行中|已到账)$|^已存入|^已(收款|退款|到账)"
)


# Words an app draws in its own colour on a success page — the status title and the buttons (recognize.ocr.colour).
ACCENT_WORDS = re.compile(r"^(支付成功|付款成功|支付完成|已支付|完成|返回商家|返回商户)$")


# A deal page's store line, nearest store first: '最近214m·罗森(北门店)' names the shop (without its branch).
STORE_LINE = re.compile(
    r"^(?:最近|距你|距您|距离)\s*\d+(?:\.\d+)?\s*(?:m|km|米|公里)\s*[·・|｜]\s*(?P<name>[^(（·|]{2,30})"
)


# A navigation bar's back arrow, read into its title ('<记账详情', '‹ 账单详情'): the title of a screen, never a name.
NAV_BACK = re.compile(r"^[<‹〈＜«]")


SHOP_WORDS = re.compile(r"店|旗舰|自营|餐厅|超市|商行|专卖|馆|铺|>$")


RED_PACKET_TITLE = re.compile(r"^(?P<name>.+?)(发出)?的红包$")


# Platforms that are themselves the merchant of what they sell (a ride is bought from 滴滴出行).
SELF_MERCHANT = {"滴滴出行"}


# The ride product a trip page names, which is what was bought (滴滴快车, not the app).
RIDE_PRODUCT = re.compile(r"(滴滴)?(特惠快车|快车|专车|优享|拼车|顺风车|豪华车|出租车)")


# Platform cues with weights: structural words that only one app prints weigh more than brand names,
# because a merchant name ('美团外卖' paid with Alipay) must not decide the platform.
PLATFORM_CUES = {
    "微信支付": (
        ("商户全称", 3),
        ("当前状态", 2),  # 云闪付 prints it too
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
        ("支付方式", 1),  # WeChat's label; Alipay says 付款方式
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
        ("创建时间", 2),
        ("付款方式", 1),
    ),
    # 云闪付 shares 当前状态 and 订单号 with WeChat; its own words: 商户订单号 (WeChat prints 商户单号, Alipay
    # 商家订单号) and 订单金额 above the paid amount — and a card named by its 银联 brand (METHOD_BRANDS).
    "云闪付": (("云闪付", 4), ("银联", 2), ("UnionPay", 3), ("付款卡", 2), ("商户订单号", 2), ("订单金额", 1)),
    "美团": (("美团支付", 4), ("美团", 1), ("骑手", 1), ("再来一单", 2), ("配送", 1)),
    # Delivery words are shared by both delivery apps, so only a brand name tells them apart.
    "饿了么": (("饿了么", 4), ("蜂鸟", 2), ("吃货豆", 3), ("骑手", 1), ("再来一单", 2), ("配送", 1)),
    # Taobao's order page names the Alipay trade that paid it; Alipay's own pages never say 支付宝交易号.
    "淘宝": (("淘宝", 3), ("天猫", 2), ("淘金币", 3), ("旺旺", 2), ("88VIP", 2), ("支付宝交易号", 5)),
    "拼多多": (("拼多多", 4), ("百亿补贴", 2), ("多多", 2), ("砍价", 1)),
    "京东": (("京东支付", 4), ("京东", 2), ("白条", 3), ("京豆", 3), ("京东快递", 2)),
    "抖音支付": (("抖音支付", 4), ("抖音钱包", 3), ("抖音", 2)),
    "滴滴出行": (("滴滴", 2), ("行程", 2), ("快车", 2), ("司机", 2), ("里程", 2), ("起点", 1), ("终点", 1)),
    "工商银行": (("中国工商银行", 4), ("工商银行", 3), ("工银", 2), ("ICBC", 3)),
    "招商银行": (("招商银行App", 4), ("招商银行转账", 4), ("一网通", 3), ("一卡通", 3), ("CMB", 2), ("招商银行", 1)),
    # The other large banks people pay with, by the names their apps print (a card's name in a payment method or
    # a counterparty's bank never counts: see cues.detect_platform).
    "建设银行": (("中国建设银行", 4), ("建设银行", 3), ("建行", 2), ("龙卡", 3), ("CCB", 2)),
    "中国银行": (("中国银行", 3), ("中行", 2), ("中银", 2), ("长城卡", 3)),
    "农业银行": (("中国农业银行", 4), ("农业银行", 3), ("农行", 2), ("金穗", 3)),
    "交通银行": (("交通银行", 3), ("交行", 2), ("买单吧", 3), ("太平洋卡", 3)),
    "邮储银行": (("中国邮政储蓄银行", 4), ("邮储银行", 3), ("邮政储蓄", 3)),
}

# A wallet belongs to one app, so a payment method that is a wallet names the platform (a bank card does not:
# every app shows '招商银行信用卡(6789)'). Matched against the method's whole value, longest first.
WALLETS = (
    ("零钱通", "微信支付"),
    ("零钱", "微信支付"),
    ("余额宝", "支付宝"),
    ("花呗", "支付宝"),
    ("账户余额", "支付宝"),
    ("余额", "支付宝"),
    ("多多支付", "拼多多"),
    ("白条", "京东"),
    ("京东支付", "京东"),
    ("美团月付", "美团"),
    ("美团支付", "美团"),
)
WALLET_WEIGHT = 3
# A word inside a payment method that only one app writes there: 云闪付 names a card by its UnionPay brand
# ('招商银行银联信用卡'); WeChat and Alipay write '招商银行信用卡(6789)'. Weighs as a wallet does.
METHOD_BRANDS = (("银联", "云闪付"),)

# Labels only a bank's own app prints: on such a page the bank of the card the page is about drew it.
BANK_PAGE_CUES = (
    "对方户名",
    "交易卡号",
    "入账金额",
    "收款银行",
    "收款账号",
    "付款账户",
    "账户余额",
    "转账结果",
    "记账日期",
    "还款卡片",
    "交易对方",
    "付款卡号",
    "收款卡号",
    "可用余额",
    "付款银行",
    "付款账号",
    "摘要",
)
BANK_PAGE_MIN_CUES = 2
# A card's bank as apps write it, → the platform of that bank's app.
BANK_APPS = (
    # The banks' own names and short names, from the one list of platforms (Latin ones too short to trust apart)…
    *((alias, name) for name in BANK_PLATFORMS for alias in PLATFORMS[name] if not alias.isascii()),
    # …and the names of their cards.
    ("ICBC", "工商银行"), ("牡丹", "工商银行"), ("一卡通", "招商银行"), ("龙卡", "建设银行"), ("长城", "中国银行"),
    ("中银", "中国银行"), ("金穗", "农业银行"), ("太平洋", "交通银行"), ("邮储", "邮储银行"),
    # Joint-stock banks' cards by the short name their apps print ('浦发借记卡', '平安信用卡'); only counted on the
    # bank's own page, as every card is.
    *((name.removesuffix("银行"), name) for name in JOINT_STOCK_BANKS),
)  # fmt: skip
BANK_PAGE_WEIGHT = 4


# A refund's destination as apps print it: '退回零钱', '已退至招商银行储蓄卡(1234)'; '原路退回' names none.
REFUND_PREFIX = re.compile(r"^(已)?(原路退回至|原路退回到|原路退回(?=\s*\S)|退回|退至|退到|退款至|退款到|退还至)\s*")


ORIGINAL_ROUTE = re.compile(r"原路(退回|返回|退还)?")


REFUND_WORDS = re.compile(r"已(全额|部分)?退款|退款成功|退款详情|退款到账|退款金额|退款中|退款已到账|退款时间")


TRANSFER_WORDS = re.compile(r"转账|汇款")


# Money moved between the person's own pots: fund buys and sells, card repayments (transfers, not spending).
OWN_MONEY_WORDS = re.compile(
    r"定投|买入金额|卖出金额|赎回|申购|基金|还款成功|还款金额|信用卡还款|已还款|(买入|卖出)[·・]|(买入|卖出|确认)份额"
)


# 余额宝 and fund earnings: income.
EARNINGS_WORDS = re.compile(r"收益(发放|到账|详情|日期|类型|去向)|昨日收益|累计收益|万份收益")


RECEIVED_WORDS = re.compile(r"已收款|你已收款|收款成功|已存入|已领取|存入零钱|收到|已到账|入账|转入成功")


RED_PACKET_WORDS = re.compile(r"红包")


# (A row paying off a month's bill, 花呗-8月账单自动还款, is a row, not the month's summary.)
SUMMARY_WORDS = re.compile(r"支出|收入|合计|总计|本月|共\d+笔|月账单(?!自动还款|还款)|统计")


AMOUNT_FULL = re.compile(
    # A currency word may stand where the ¥ does: 'RMB 1,234.00', '-人民币36.50'.
    r"^(?P<sign>[+\-])?(?P<word>RMB|人民币)?[¥￥Y]?(?P<sign2>[+\-])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d{1,2})?(?P<yuan>元)?$"
)


CLOCK = re.compile(r"^(上午|下午)?\d{1,2}:\d{2}$")


DATEISH = re.compile(r"\d{1,4}\s*[-/.年月]\s*\d{1,2}|今天|昨天|前天")
