"""Regenerates workflows/*.json, the shipped processes. Edit here or in Elsa Studio (then export), not both."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from workflow_json import activity, connect, correction_loop, js, lit, obj, workflow, write  # noqa: E402
from service_guides import CONSTRUCTION_PERMIT, ENTERPRISE, REAL_ESTATE  # noqa: E402

root = os.path.join(os.path.dirname(__file__), "..", "workflows")

# Construction permit under Jiangsu "3550": 50 working days overall.
departments = [
    ("planning", "规划审查", "核对总平面图是否符合控制性详细规划，建设工程规划许可证是否有效。", 15, ["site plan"]),
    ("land", "用地审查", "核对土地使用权及用地批准手续对本项目是否有效。", 15, ["land use certificate"]),
    ("fire", "消防审查", "审查施工图的消防设计。", 15, ["fire protection design"]),
    ("environment", "环评审查", "核对环境影响评价批复。", 15, ["environmental impact report"]),
]
acts = [
    activity("start", "Elsa.Start", "开始", 0, 0),
    activity("acceptance", "Approvals.Acceptance", "一窗受理", 200, 0,
             department=lit("window"), deadlineWorkingDays=lit("1", "Int32"),
             requiredMaterials=obj(["application form", "site plan", "land use certificate", "construction drawings", "fire protection design", "environmental impact report"]),
             instructions=lit("逐项核对材料清单；材料不全的，一次性告知需补正的全部材料。")),
    activity("notAccepted", "Elsa.End", "不予受理", 540, 170),
    activity("fork", "Elsa.FlowFork", "并联审查", 540, 0, branches=obj([d[0] for d in departments])),
]
# Three rows that fit Studio's canvas at "zoom to fit" (at least half size): intake and the parallel reviews; the decision
# and the certificate; the written denial. Every correction round is drawn as a loop below its step.
cons = [connect("start", "acceptance"), connect("acceptance", "fork", "Accepted"), connect("acceptance", "notAccepted", "NotAccepted"),
        correction_loop("acceptance", "CorrectionRequested", 200, 0, 230)]
for i, (code, title, instructions, days, materials) in enumerate(departments):
    y = -225 + i * 150
    acts.append(activity(f"review-{code}", "Approvals.Review", title, 840, y,
                         department=lit(code), instructions=lit(instructions), deadlineWorkingDays=lit(str(days), "Int32"),
                         requiredMaterials=obj(materials)))
    cons += [connect("fork", f"review-{code}", code), connect(f"review-{code}", "join", "Approved"), connect(f"review-{code}", "join", "Rejected"),
             correction_loop(f"review-{code}", "NeedsCorrection", 840, y, 200)]
acts += [
    activity("join", "Elsa.FlowJoin", "审查意见汇齐", 1150, 0, mode=lit("WaitAll")),
    activity("decision", "Approvals.Decision", "联合审批决定", 0, 380, department=lit("bureau"), deadlineWorkingDays=lit("3", "Int32")),
    activity("seal", "Approvals.Seal", "加盖审批局印章", 320, 380, department=lit("bureau")),
    activity("certificate", "Approvals.IssueCertificate", "核发施工许可证", 620, 380,
             # The permit names its project, site and floor area: a permit that names none cannot be tied to a site.
             matter=lit("建筑工程施工许可"),
             scope=js("['项目名称：' + (input.project || '—'), input.projectAddress ? '建设地址：' + input.projectAddress : null, "
                      "input.floorArea ? '建筑面积：' + input.floorArea + '平方米' : null, '按审查合格的施工图设计文件进行建设施工。']"
                      ".filter(function (part) { return part; }).join('；')", "String"),
             validityYears=lit("3", "Int32"), issuingAuthority=lit("行政审批局"), department=lit("bureau"), numberPrefix=lit("JSCP")),
    activity("push", "Approvals.PushToSupervision", "双推送", 960, 380,
             departments=obj(["housing-construction", "market-supervision"]), ackDeadlineWorkingDays=lit("2", "Int32")),
    activity("approvedEnd", "Elsa.End", "准予许可", 1230, 380),
    activity("sealDenial", "Approvals.Seal", "加盖不予许可决定印章", 320, 500, department=lit("bureau")),
    activity("deniedEnd", "Elsa.End", "不予许可（已出具书面决定）", 660, 500),
]
cons += [connect("join", "decision"), connect("decision", "seal", "Approved"), connect("seal", "certificate"), connect("certificate", "push"), connect("push", "approvedEnd"),
         connect("decision", "sealDenial", "Denied"), connect("sealDenial", "deniedEnd")]
write(os.path.join(root, "construction-permit-3550.json"), workflow(
    "construction-permit-3550", "建设工程施工许可（3550）",
    "江苏“3550”：一窗受理；规划、用地、消防、环评并联审查；联合审批决定；一枚印章管审批；核发电子证照；审批结果双推送至监管部门。法定时限50个工作日。",
    acts, cons, variables=["reviews", "decision", "acceptedAt", "certificate"], custom={"statutoryLimitWorkingDays": 50, **CONSTRUCTION_PERMIT}))

# Enterprise establishment in 3 working days: registration, then seal engraving, invoices and social insurance in parallel.
acts = [
    activity("start", "Elsa.Start", "开始", 0, 0),
    activity("acceptance", "Approvals.Acceptance", "一窗受理", 190, 0, department=lit("window"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("核对企业开办材料；材料不全的，一次性告知需补正的全部材料。"),
             requiredMaterials=obj(["establishment application", "articles of association", "identity documents of the legal representative", "proof of domicile"])),
    activity("notAccepted", "Elsa.End", "不予受理", 490, 170),
    activity("registration", "Approvals.Review", "设立登记", 490, 0, department=lit("market-supervision"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("核对企业名称、住所和章程，办理设立登记。")),
    activity("registrationRefused", "Approvals.Decision", "不予登记决定", 770, 170, department=lit("market-supervision"), requireSignOff=lit("false", "Boolean")),
    activity("fork", "Elsa.FlowFork", "开办事项并联办理", 770, 0, branches=obj(["seal-engraving", "tax", "social-security"])),
    activity("sealEngraving", "Approvals.Review", "公章刻制备案", 1030, -170, department=lit("public-security"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("办理公章刻制备案。")),
    activity("tax", "Approvals.Review", "税务登记及发票申领", 1030, 0, department=lit("tax"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("办理涉税事项登记，核定发票。")),
    activity("socialSecurity", "Approvals.Review", "社保登记", 1030, 170, department=lit("social-security"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("办理单位社会保险登记。")),
    activity("join", "Elsa.FlowJoin", "开办事项办结", 0, 330, mode=lit("WaitAll")),
    activity("decision", "Approvals.Decision", "企业开办决定", 280, 330, department=lit("market-supervision"), requireSignOff=lit("false", "Boolean")),
    activity("seal", "Approvals.Seal", "加盖市场监管局印章", 630, 330, department=lit("market-supervision")),
    activity("licence", "Approvals.IssueCertificate", "核发电子营业执照", 960, 330, matter=lit("营业执照"),
             scope=lit("经营范围以登记为准。"), validityYears=lit("30", "Int32"), issuingAuthority=lit("市场监督管理局"),
             department=lit("market-supervision"), numberPrefix=lit("JSBL")),
    activity("push", "Approvals.PushToSupervision", "双推送", 0, 460, departments=obj(["tax", "social-security"]), ackDeadlineWorkingDays=lit("2", "Int32")),
    activity("end", "Elsa.End", "开办完成", 374, 460),
    activity("sealDenial", "Approvals.Seal", "加盖不予登记决定印章", 630, 460, department=lit("market-supervision")),
    activity("deniedEnd", "Elsa.End", "不予登记", 1170, 460),
]
cons = [connect("start", "acceptance"), connect("acceptance", "registration", "Accepted"), connect("acceptance", "notAccepted", "NotAccepted"),
        correction_loop("acceptance", "CorrectionRequested", 190, 0, 230),
        connect("registration", "fork", "Approved"), connect("registration", "registrationRefused", "Rejected"), connect("registrationRefused", "sealDenial", "Denied"),
        correction_loop("registration", "NeedsCorrection", 490, 0, 200),
        connect("fork", "sealEngraving", "seal-engraving"), connect("fork", "tax", "tax"), connect("fork", "socialSecurity", "social-security")]
for step, y in [("sealEngraving", -170), ("tax", 0), ("socialSecurity", 170)]:
    cons += [connect(step, "join", "Approved"), connect(step, "join", "Rejected"), correction_loop(step, "NeedsCorrection", 1030, y, 200)]
cons += [connect("join", "decision"), connect("decision", "seal", "Approved"), connect("seal", "licence"), connect("licence", "push"), connect("push", "end"),
         connect("decision", "sealDenial", "Denied"), connect("sealDenial", "deniedEnd")]
write(os.path.join(root, "enterprise-establishment-3d.json"), workflow(
    "enterprise-establishment-3d", "企业开办（3个工作日）",
    "江苏“3550”之“3”：一窗受理；市场监管部门设立登记；公章刻制备案（公安）、税务登记及发票申领、社保登记并联办理；核发电子营业执照。",
    acts, cons, variables=["reviews", "decision", "acceptedAt", "certificate"], custom={"statutoryLimitWorkingDays": 3, "maxExtensionWorkingDays": 0, **ENTERPRISE}))

# Real estate registration in 5 working days: tax assessment and the registration review in parallel, one registration decision.
acts = [
    activity("start", "Elsa.Start", "开始", 0, 0),
    activity("acceptance", "Approvals.Acceptance", "一窗受理（交易、税务、登记）", 200, 0, department=lit("window"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("房屋交易、税务、登记一窗受理；材料不全的，一次性告知需补正的全部材料。"),
             requiredMaterials=obj(["registration application", "identity documents", "sale contract", "previous real estate certificate", "tax documents"])),
    activity("notAccepted", "Elsa.End", "不予受理", 620, 170),
    activity("fork", "Elsa.FlowFork", "并联办理", 620, 0, branches=obj(["tax", "registration"])),
    activity("tax", "Approvals.Review", "契税核定", 910, -85, department=lit("tax"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("核定并征收契税及卖方应缴税费。")),
    activity("registration", "Approvals.Review", "权属审核", 910, 85, department=lit("real-estate-registry"), deadlineWorkingDays=lit("3", "Int32"),
             instructions=lit("审核权属、抵押查封等权利限制及地籍资料。")),
    activity("join", "Elsa.FlowJoin", "并联办结", 1220, 0, mode=lit("WaitAll")),
    activity("decision", "Approvals.Decision", "登记决定", 0, 330, department=lit("real-estate-registry"), deadlineWorkingDays=lit("1", "Int32")),
    activity("seal", "Approvals.Seal", "加盖不动产登记印章", 320, 330, department=lit("real-estate-registry")),
    activity("certificate", "Approvals.IssueCertificate", "核发电子不动产权证书", 640, 330, matter=lit("不动产权证书"),
             scope=lit("登记单元的不动产权利。"), validityYears=lit("50", "Int32"), issuingAuthority=lit("不动产登记中心"),
             department=lit("real-estate-registry"), numberPrefix=lit("JSRE")),
    activity("push", "Approvals.PushToSupervision", "推送住建部门", 980, 330, departments=obj(["housing-construction"]), ackDeadlineWorkingDays=lit("2", "Int32")),
    activity("end", "Elsa.End", "登记完成", 1260, 330),
    activity("sealDenial", "Approvals.Seal", "加盖不予登记决定印章", 320, 460, department=lit("real-estate-registry")),
    activity("deniedEnd", "Elsa.End", "不予登记", 660, 460),
]
cons = [connect("start", "acceptance"), connect("acceptance", "fork", "Accepted"), connect("acceptance", "notAccepted", "NotAccepted"),
        correction_loop("acceptance", "CorrectionRequested", 200, 0, 300),
        connect("fork", "tax", "tax"), connect("fork", "registration", "registration")]
for step, y in [("tax", -85), ("registration", 85)]:
    cons += [connect(step, "join", "Approved"), connect(step, "join", "Rejected"), correction_loop(step, "NeedsCorrection", 910, y, 200)]
cons += [connect("join", "decision"), connect("decision", "seal", "Approved"), connect("seal", "certificate"), connect("certificate", "push"), connect("push", "end"),
         connect("decision", "sealDenial", "Denied"), connect("sealDenial", "deniedEnd")]
write(os.path.join(root, "real-estate-registration-5d.json"), workflow(
    "real-estate-registration-5d", "不动产登记（5个工作日）",
    "江苏“3550”之“5”：交易、税务、登记一窗受理；契税核定与权属审核并联办理；登记决定；核发电子不动产权证书。",
    acts, cons, variables=["reviews", "decision", "acceptedAt", "certificate"], custom={"statutoryLimitWorkingDays": 5, "maxExtensionWorkingDays": 0, **REAL_ESTATE}))
