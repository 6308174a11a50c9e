"""The words printed documents are read by: transport tickets and receipts (recognize/ocr/tickets.py) and
invoices (recognize/ocr/invoice.py, invoice_text.py, pdf.py). Data only.
"""

from __future__ import annotations

import re

# Transport tickets and receipts (recognize/ocr/tickets.py). A train ticket shows two of these marks: the
# departure `20:08开`, a seat `06车076号`, the railway's own words, a class of seat.
TRAIN_CUES = (
    re.compile(r"\d{1,2}\s*[:：]\s*\d{2}\s*开(?!票)"),
    re.compile(r"\d{1,2}\s*车\s*\d{1,3}\s*[A-F]?\s*号"),
    re.compile(r"12306|95306|中国铁路|铁路电子客票"),
    re.compile(r"限乘当日当次车|新空调|硬座|硬卧|软卧|二等座|一等座|商务座|无座|动卧"),
)
# Labels of a payment app's page, which a printed ticket never carries.
PAYMENT_PAGE_WORDS = re.compile(r"支付时间|付款时间|交易时间|支付方式|付款方式|交易单号|商户单号|支付成功")
RAILWAY_WORDS = re.compile(r"12306|95306|中国铁路|铁路电子客票|铁路")
# A road bus ticket's title and the column words two of which it prints.
BUS_TITLE = re.compile(r"汽车客票|道路.{0,3}客票|客票.{0,3}发票联|长途客票")
BUS_WORDS = ("乘车日期", "开车时间", "发车时间", "票价", "全价", "座号", "检票", "车次", "燃油", "到站", "乘车时间")
# A ride or freight receipt: its title, its total's label (first one printed wins), its time of use.
RECEIPT_TITLE = re.compile(r"收款凭证|行程单|电子货票|行程报销单|乘车凭证")
RECEIPT_TOTALS = ("费用合计", "合计金额", "订单金额", "总金额", "实付金额", "行程金额", "合计", "总计", "金额")
RECEIPT_TIME = re.compile(r"用车时间|上车时间|行程时间|出发时间|乘车时间|服务时间|用车日期")
# Dates a receipt prints that are not when the ride was (the receipt's own making, the invoice request).
RECEIPT_NOT_TIME = re.compile(r"(申请|开具|开票|打印|生成|提交|下载)(日期|时间)[:：]?\s*$")
# Long numbers that are not the order: the receipt's serial, ID and tax numbers, phones, accounts.
RECEIPT_NOT_ORDER = re.compile(r"(序号|身份证(号码)?|识别号|账号|电话|手机|凭证号|发票号码|发票代码|代码)[:：]?\s*$")
# Who issued a ride or freight receipt: its app, the platform (general knowledge of such apps).
RECEIPT_ISSUERS = {
    "货拉拉": "货拉拉",
    "滴滴": "滴滴出行",
    "高德": "高德地图",
    "曹操出行": "曹操出行",
    "T3出行": "T3出行",
    "花小猪": "花小猪打车",
    "快狗打车": "快狗打车",
    "运满满": "运满满",
    "满帮": "满帮",
}


# Invoices (recognize/ocr/invoice.py, pdf.py). The seller's block: its label on the older form (销售方, often
# read as 销 or 销方 beside the block), the 数电票's 销售方信息 column; the closing 销售方：（章） line is no block.
SELLER_LABEL = re.compile(r"^(销售方信息|销售方|销方|销)(?!.*章)[:：]?$")
BUYER_LABEL = re.compile(r"^(购买方信息|购买方|购方|购)[:：]?$")
# The lines a party block prints besides its name (and the form's other captions): never a name or its tail.
INVOICE_FIELD_WORDS = re.compile(
    r"纳税人识别号|统一社会信用代码|地\s*址|电\s*话|开户行|账\s*号|密码区|备\s*注|收款人|复核|开票人|"
    r"发票|价税合计|合\s*计|税率|税额|金额|规格|单位|数量|单价|项目名称|货物|服务名称|校验码|机器编号|代开机关|"
    r"完税凭证|印制|印刷|[(（]章[)）]|销售方|购买方"
)
# What a company's name ends with, never starts with: a "name" that starts so is the wrapped tail of one whose
# first line did not read (under a stamp, off the photo).
COMPANY_FORM_START = re.compile(r"^(?:企业|服务|管理|有限|股份|责任|公司|集团|分公司|分店)")
# A 代开 invoice: a tax office (代开机关, 自助代开) issued it, and the real seller stands in the 备注.
ISSUED_BY_TAX_OFFICE = re.compile(r"代开机关|自助代开|代开企业")
ON_BEHALF_OF = re.compile(r"代开企业(?:名称)?[:：]\s*(?P<name>\S*)")
# Who issued the invoice (开票人 / 收款人): a platform's shop names the platform (开票人：京东商城).
ISSUER = re.compile(r"(?:开票人|收款人)[:：][ \t]*(?P<name>[\u4e00-\u9fff]{2,12})(?![:：\u4e00-\u9fff])")
# A toll invoice (通行费) lists when the vehicle travelled: that day, not the 开票日期, is when the money went.
TRAVEL_DATE_HEADER = re.compile(r"通行日期起|通行日期")
TRAVEL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# The 价税合计 in capitals (壹佰壹拾贰圆贰角整): a check on a total worked out from 金额 + 税额.
CAPITAL_DIGITS = {"零": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CAPITAL_UNITS = {"拾": 10, "佰": 100, "仟": 1000}
CAPITAL_GROUPS = {"万": 10_000, "亿": 100_000_000}
CAPITAL_AMOUNT = re.compile(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[圆元][零壹贰叁肆伍陆柒捌玖角分整正]*")
