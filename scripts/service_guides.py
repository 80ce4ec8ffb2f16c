"""Service guides (办事指南) and online forms of the shipped processes, stored as the definitions' custom properties
`serviceGuide` and `applicationForm` (Elsa Studio keeps and edits custom properties with the definition)."""

WINDOW = {"address": "市政务服务中心一楼综合受理窗口（示例：苏州市干将西路1050号）", "hours": "工作日 9:00-12:00，13:30-17:00", "phone": "12345"}


def material(name, title, required=True, shared=False, note=None, licence_type=None):
    m = {"name": name, "title": title, "required": required, "sharedLicence": shared or licence_type is not None}
    if licence_type:
        # The process whose certificate satisfies this material (免提交: picked from the holder's valid licences).
        m["licenceType"] = licence_type
    if note:
        m["note"] = note
    return m


def field(name, label, type_="text", required=True, max_length=None, min_=None, max_=None, not_past=False):
    f = {"name": name, "label": label, "type": type_, "required": required}
    if not_past:
        # A date not before the day the form is given (the server and both forms check it).
        f["notPast"] = True
    if max_length is not None:
        f["maxLength"] = max_length
    if min_ is not None:
        f["min"] = min_
    if max_ is not None:
        f["max"] = max_
    return f


CONSTRUCTION_PERMIT = {
    "serviceGuide": {
        "matter": "建筑工程施工许可证核发",
        "implementationCode": "000117026000" "320500000000" "11320500MB1234567Y" "00",
        "department": "市行政审批局",
        "description": "在本市行政区域内从事建筑工程施工，建设单位应当在开工前申请领取施工许可证（江苏“3550”改革：工业建设项目50个工作日内取得施工许可）。",
        "conditions": [
            "依法应当办理用地批准手续的，已经办理该建筑工程用地批准手续",
            "依法应当办理建设工程规划许可证的，已经取得建设工程规划许可证",
            "施工场地已经基本具备施工条件，需要征收房屋的，其进度符合施工要求",
            "已经确定施工企业，有满足施工需要的资金安排、施工图纸及技术资料",
            "有保证工程质量和安全的具体措施",
        ],
        "materials": [
            material("application form", "建筑工程施工许可证申请表"),
            material("site plan", "建设工程规划许可证及附图"),
            material("land use certificate", "用地批准手续（不动产权证书）", note="本人已有的电子证照可直接引用，无需上传", licence_type="real-estate-registration-5d"),
            material("construction drawings", "施工图设计文件审查合格书"),
            material("fire protection design", "消防设计审查意见"),
            material("environmental impact report", "环境影响评价批复文件"),
            material("business licence", "建设单位营业执照", required=False, note="企业开办时核发的电子营业执照可直接引用", licence_type="enterprise-establishment-3d"),
        ],
        "promisedLimitWorkingDays": 40,
        "fees": "不收费",
        "legalBasis": [
            "《中华人民共和国建筑法》第七条、第八条",
            "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）",
            "《中华人民共和国行政许可法》第三十二条、第四十二条",
        ],
        "location": WINDOW,
    },
    "applicationForm": [
        field("project", "项目名称", max_length=128),
        field("projectCode", "投资项目代码", "projectCode", required=False, max_length=24),
        field("projectAddress", "建设地址", max_length=200),
        field("floorArea", "建筑面积（平方米）", "number", min_=1, max_=10000000),
        field("contractPrice", "合同价格（万元）", "number", required=False, min_=0, max_=100000000),
        field("plannedStart", "计划开工日期", "date", not_past=True),
        field("contactName", "联系人", max_length=64),
        field("contactPhone", "联系电话（手机）", "phone"),
        field("remarks", "备注", "textarea", required=False, max_length=500),
    ],
}

ENTERPRISE = {
    "serviceGuide": {
        "matter": "企业开办（设立登记、公章刻制、发票申领、社保登记）",
        "implementationCode": "000118001000" "320500000000" "11320500MB1234567Y" "00",
        "department": "市场监督管理局",
        "description": "一窗受理、并联办理，3个工作日内完成企业设立登记、公章刻制备案、税务登记及发票申领、社会保险登记，发放电子营业执照。",
        "conditions": ["企业名称经自主申报通过", "有符合规定的住所", "有符合公司法规定的章程"],
        "materials": [
            material("establishment application", "公司登记（备案）申请书"),
            material("articles of association", "公司章程"),
            material("identity documents of the legal representative", "法定代表人身份证件"),
            material("proof of domicile", "住所使用证明", note="已有不动产权证书的，可直接引用", licence_type="real-estate-registration-5d"),
        ],
        "promisedLimitWorkingDays": 2,
        "fees": "不收费（首套公章刻制费用由政府承担）",
        "legalBasis": ["《中华人民共和国公司法》", "《中华人民共和国市场主体登记管理条例》"],
        "location": WINDOW,
    },
    "applicationForm": [
        field("project", "企业名称", max_length=128),
        field("domicile", "住所", max_length=200),
        field("registeredCapital", "注册资本（万元）", "number", min_=0, max_=100000000),
        field("legalRepresentative", "法定代表人", max_length=64),
        field("contactPhone", "联系电话（手机）", "phone"),
    ],
}

REAL_ESTATE = {
    "serviceGuide": {
        "matter": "不动产转移登记（二手房买卖）",
        "implementationCode": "000120003000" "320500000000" "11320500MB1234567Y" "00",
        "department": "不动产登记中心",
        "description": "房产交易、税款征收、不动产登记一窗受理、并行办理，5个工作日内办结并发放电子不动产权证书。",
        "conditions": ["不动产权属清晰，无查封等限制", "买卖双方身份证明有效", "已签订不动产买卖合同"],
        "materials": [
            material("registration application", "不动产登记申请书"),
            material("identity documents", "申请人身份证明"),
            material("sale contract", "不动产买卖合同"),
            material("previous real estate certificate", "原不动产权证书", note="本人已有的电子证照可直接引用", licence_type="real-estate-registration-5d"),
            material("tax documents", "完税凭证", required=False, note="窗口可代为查询"),
        ],
        "promisedLimitWorkingDays": 3,
        "fees": "登记费：住宅80元/件；证书工本费：第一本免收",
        "legalBasis": ["《中华人民共和国民法典》物权编", "《不动产登记暂行条例》"],
        "location": {"address": "市不动产登记中心（示例：苏州市人民路2599号）", "hours": "工作日 9:00-17:00", "phone": "12345"},
    },
    "applicationForm": [
        field("project", "不动产坐落", max_length=200),
        field("unitNumber", "不动产单元号", max_length=28),
        field("area", "建筑面积（平方米）", "number", min_=1, max_=100000),
        field("price", "成交价格（万元）", "number", min_=0, max_=1000000),
        field("contactPhone", "联系电话（手机）", "phone"),
    ],
}
