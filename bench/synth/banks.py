"""The banks the bank-page and bank-SMS templates draw, each split with its own banks, card names, counterparties,
employers and message wordings (the pools share no value: eval's banks are ones no rule was written against)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bank:
    """A bank as its app and its messages show it."""

    key: str  # the label's `app`
    name: str  # the platform
    color: str
    debit: tuple[str, ...]  # debit card names as its app prints them
    credit: tuple[str, ...]
    tag: str  # the 【…】 signature of its text messages
    number: str  # the short number its messages come from


BANKS = {
    "dev": (
        Bank("cmb", "招商银行", "#c9151e", ("一卡通", "招商银行储蓄卡"), ("招商银行信用卡",), "招商银行", "95555"),
        Bank("icbc", "工商银行", "#c7000b", ("工银借记卡", "牡丹灵通卡"), ("工银信用卡",), "工商银行", "95588"),
        Bank("pab", "平安银行", "#f26722", ("平安借记卡",), ("平安信用卡",), "平安银行", "95511"),
        Bank("spdb", "浦发银行", "#1a3f8e", ("浦发借记卡",), ("浦发信用卡",), "浦发银行", "95528"),
        Bank("citic", "中信银行", "#c8102e", ("中信借记卡",), ("中信信用卡",), "中信银行", "95558"),
        Bank("cib", "兴业银行", "#004b9b", ("兴业借记卡",), ("兴业信用卡",), "兴业银行", "95561"),
        Bank("cmbc", "民生银行", "#00855f", ("民生借记卡",), ("民生信用卡",), "民生银行", "95568"),
        Bank("nbcb", "宁波银行", "#f08300", ("宁波银行借记卡",), ("宁波银行信用卡",), "宁波银行", "95574"),
    ),
    "eval": (
        Bank("abc", "农业银行", "#009882", ("金穗借记卡",), ("金穗信用卡",), "中国农业银行", "95599"),
        Bank("bocom", "交通银行", "#1d3f8c", ("太平洋借记卡",), ("交通银行信用卡",), "交通银行", "95559"),
        Bank("ceb", "光大银行", "#6a1b9a", ("阳光借记卡",), ("光大信用卡",), "光大银行", "95595"),
        Bank("cgb", "广发银行", "#b71c1c", ("广发借记卡",), ("广发信用卡",), "广发银行", "95508"),
        Bank("hxb", "华夏银行", "#d32f2f", ("华夏借记卡",), ("华夏信用卡",), "华夏银行", "95577"),
        Bank("psbc", "邮储银行", "#00693e", ("邮储借记卡",), ("邮储信用卡",), "邮储银行", "95580"),
        Bank("jsbc", "江苏银行", "#0a5aa8", ("江苏银行借记卡",), ("江苏银行信用卡",), "江苏银行", "95319"),
    ),
}
# Where the card was spent as a bank prints it: a payment channel with the merchant, or a shop.
PLACES = {
    "dev": ("财付通-美团", "支付宝-饿了么", "美团", "滴滴出行", "永辉超市", "财付通-拼多多", "京东商城", "中国石化"),
    "eval": ("银联在线-盒马", "支付宝-淘宝", "网银在线-京东", "抖音支付", "全家FamilyMart", "中国石油", "携程旅行网"),
}
EMPLOYERS = {
    "dev": ("上海星云科技有限公司", "北京华信软件有限公司", "深圳市蓝海贸易有限公司"),
    "eval": ("杭州云帆网络有限公司", "成都锦城教育咨询有限公司", "广州天河物流有限公司"),
}
