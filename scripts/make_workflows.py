"""Regenerates workflows/*.json, the shipped processes. Edit here or in Elsa Studio (then export), not both."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from workflow_json import activity, connect, lit, obj, workflow, write  # noqa: E402
from service_guides import CONSTRUCTION_PERMIT, ENTERPRISE, REAL_ESTATE  # noqa: E402

root = os.path.join(os.path.dirname(__file__), "..", "workflows")

# Construction permit under Jiangsu "3550": 50 working days overall.
departments = [
    ("planning", "Planning review", "Natural resources & planning bureau: site plan conforms to the detailed plan.", 15, ["site plan", "planning permit"]),
    ("land", "Land review", "Land use right and land-use approval are valid for the project.", 15, ["land use certificate"]),
    ("fire", "Fire safety review", "Fire protection design review of the construction drawings.", 15, ["fire protection design"]),
    ("environment", "Environmental review", "Environmental impact assessment approval.", 15, ["environmental impact report"]),
]
acts = [
    activity("start", "Elsa.Start", "Start", -500, 0),
    activity("acceptance", "Approvals.Acceptance", "One-window acceptance", -300, 0,
             department=lit("window"), deadlineWorkingDays=lit("1", "Int32"),
             requiredMaterials=obj(["application form", "site plan", "land use certificate", "construction drawings", "fire protection design", "environmental impact report"]),
             instructions=lit("Check every material on the list; list everything missing in ONE correction notice.")),
    activity("notAccepted", "Elsa.End", "Not accepted", -300, 200),
    activity("fork", "Elsa.FlowFork", "Parallel review", -50, 0, branches=obj([d[0] for d in departments])),
]
cons = [connect("start", "acceptance"), connect("acceptance", "fork", "Accepted"), connect("acceptance", "notAccepted", "NotAccepted")]
for i, (code, title, instructions, days, materials) in enumerate(departments):
    acts.append(activity(f"review-{code}", "Approvals.Review", title, 200, -300 + i * 200,
                         department=lit(code), instructions=lit(instructions), deadlineWorkingDays=lit(str(days), "Int32"),
                         requiredMaterials=obj(materials)))
    cons += [connect("fork", f"review-{code}", code), connect(f"review-{code}", "join", "Approved"), connect(f"review-{code}", "join", "Rejected")]
acts += [
    activity("join", "Elsa.FlowJoin", "All reviews in", 450, 0, mode=lit("WaitAll")),
    activity("decision", "Approvals.Decision", "Joint decision", 650, 0, department=lit("bureau"), deadlineWorkingDays=lit("3", "Int32")),
    activity("seal", "Approvals.Seal", "Seal decision (bureau seal)", 900, -100, department=lit("bureau")),
    activity("certificate", "Approvals.IssueCertificate", "Issue construction permit", 1150, -100,
             matter=lit("Construction Works Permit"), scope=lit("Construction of the project as approved in the reviewed drawings."),
             validityYears=lit("3", "Int32"), issuingAuthority=lit("Administrative Approval Bureau"), department=lit("bureau"), numberPrefix=lit("JSCP")),
    activity("push", "Approvals.PushToSupervision", "Push to supervision", 1400, -100,
             departments=obj(["housing-construction", "market-supervision"]), ackDeadlineWorkingDays=lit("2", "Int32")),
    activity("approvedEnd", "Elsa.End", "Approved", 1650, -100),
    activity("sealDenial", "Approvals.Seal", "Seal written denial", 900, 100, department=lit("bureau")),
    activity("deniedEnd", "Elsa.End", "Denied (written denial issued)", 1150, 100),
]
cons += [connect("join", "decision"), connect("decision", "seal", "Approved"), connect("seal", "certificate"), connect("certificate", "push"), connect("push", "approvedEnd"),
         connect("decision", "sealDenial", "Denied"), connect("sealDenial", "deniedEnd")]
write(os.path.join(root, "construction-permit-3550.json"), workflow(
    "construction-permit-3550", "Construction permit (3550, 50 working days)",
    "One window accepts; planning, land, fire and environment review in parallel; a joint decision; one seal; an electronic certificate; a push to the supervising departments.",
    acts, cons, variables=["reviews", "decision", "acceptedAt", "certificate"], custom={"statutoryLimitWorkingDays": 50, **CONSTRUCTION_PERMIT}))

# Enterprise establishment in 3 working days: registration, then seal engraving, invoices and social insurance in parallel.
acts = [
    activity("start", "Elsa.Start", "Start", -500, 0),
    activity("acceptance", "Approvals.Acceptance", "One-window acceptance", -300, 0, department=lit("window"), deadlineWorkingDays=lit("1", "Int32"),
             requiredMaterials=obj(["establishment application", "articles of association", "identity documents of the legal representative", "proof of domicile"])),
    activity("notAccepted", "Elsa.End", "Not accepted", -300, 200),
    activity("registration", "Approvals.Review", "Business registration", -50, 0, department=lit("market-supervision"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("Check the name, domicile and articles; register the enterprise.")),
    activity("registrationRefused", "Approvals.Decision", "Registration decision", -50, 200, department=lit("market-supervision"), requireSignOff=lit("false", "Boolean")),
    activity("fork", "Elsa.FlowFork", "Opening formalities in parallel", 200, 0, branches=obj(["seal-engraving", "tax", "social-security"])),
    activity("sealEngraving", "Approvals.Review", "Official seal engraving filing", 450, -200, department=lit("public-security"), deadlineWorkingDays=lit("1", "Int32")),
    activity("tax", "Approvals.Review", "Tax registration and invoices", 450, 0, department=lit("tax"), deadlineWorkingDays=lit("1", "Int32")),
    activity("socialSecurity", "Approvals.Review", "Social insurance registration", 450, 200, department=lit("social-security"), deadlineWorkingDays=lit("1", "Int32")),
    activity("join", "Elsa.FlowJoin", "All formalities done", 700, 0, mode=lit("WaitAll")),
    activity("decision", "Approvals.Decision", "Establishment decision", 900, 0, department=lit("market-supervision"), requireSignOff=lit("false", "Boolean")),
    activity("seal", "Approvals.Seal", "Seal decision", 1100, -100, department=lit("market-supervision")),
    activity("licence", "Approvals.IssueCertificate", "Issue electronic business licence", 1300, -100, matter=lit("Business Licence"),
             scope=lit("Business scope as registered."), validityYears=lit("30", "Int32"), issuingAuthority=lit("Market Supervision Administration"),
             department=lit("market-supervision"), numberPrefix=lit("JSBL")),
    activity("push", "Approvals.PushToSupervision", "Push to supervision", 1500, -100, departments=obj(["tax", "social-security"]), ackDeadlineWorkingDays=lit("2", "Int32")),
    activity("end", "Elsa.End", "Established", 1700, -100),
    activity("sealDenial", "Approvals.Seal", "Seal written denial", 1100, 150, department=lit("market-supervision")),
    activity("deniedEnd", "Elsa.End", "Denied", 1300, 150),
]
cons = [connect("start", "acceptance"), connect("acceptance", "registration", "Accepted"), connect("acceptance", "notAccepted", "NotAccepted"),
        connect("registration", "fork", "Approved"), connect("registration", "registrationRefused", "Rejected"), connect("registrationRefused", "sealDenial", "Denied"),
        connect("fork", "sealEngraving", "seal-engraving"), connect("fork", "tax", "tax"), connect("fork", "socialSecurity", "social-security")]
for step in ["sealEngraving", "tax", "socialSecurity"]:
    cons += [connect(step, "join", "Approved"), connect(step, "join", "Rejected")]
cons += [connect("join", "decision"), connect("decision", "seal", "Approved"), connect("seal", "licence"), connect("licence", "push"), connect("push", "end"),
         connect("decision", "sealDenial", "Denied"), connect("sealDenial", "deniedEnd")]
write(os.path.join(root, "enterprise-establishment-3d.json"), workflow(
    "enterprise-establishment-3d", "Enterprise establishment (3 working days)",
    "Jiangsu 3550 '3': one window; market supervision registers the enterprise; seal engraving (public security), tax invoices and social insurance in parallel; electronic business licence.",
    acts, cons, variables=["reviews", "decision", "acceptedAt", "certificate"], custom={"statutoryLimitWorkingDays": 3, "maxExtensionWorkingDays": 0, **ENTERPRISE}))

# Real estate registration in 5 working days: tax assessment and the registration review in parallel, one registration decision.
acts = [
    activity("start", "Elsa.Start", "Start", -500, 0),
    activity("acceptance", "Approvals.Acceptance", "One-window acceptance (housing, tax, registration)", -300, 0, department=lit("window"), deadlineWorkingDays=lit("1", "Int32"),
             requiredMaterials=obj(["registration application", "identity documents", "sale contract", "previous real estate certificate", "tax documents"])),
    activity("notAccepted", "Elsa.End", "Not accepted", -300, 200),
    activity("fork", "Elsa.FlowFork", "Parallel handling", -50, 0, branches=obj(["tax", "registration"])),
    activity("tax", "Approvals.Review", "Deed tax assessment", 200, -120, department=lit("tax"), deadlineWorkingDays=lit("1", "Int32"),
             instructions=lit("Assess and collect deed tax and the seller's taxes.")),
    activity("registration", "Approvals.Review", "Ownership examination", 200, 120, department=lit("real-estate-registry"), deadlineWorkingDays=lit("3", "Int32"),
             instructions=lit("Examine title, encumbrances and the cadastral record.")),
    activity("join", "Elsa.FlowJoin", "Both done", 450, 0, mode=lit("WaitAll")),
    activity("decision", "Approvals.Decision", "Registration decision", 650, 0, department=lit("real-estate-registry"), deadlineWorkingDays=lit("1", "Int32")),
    activity("seal", "Approvals.Seal", "Seal decision", 850, -100, department=lit("real-estate-registry")),
    activity("certificate", "Approvals.IssueCertificate", "Issue electronic real estate certificate", 1050, -100, matter=lit("Real Estate Ownership Certificate"),
             scope=lit("Ownership of the registered unit."), validityYears=lit("50", "Int32"), issuingAuthority=lit("Real Estate Registration Center"),
             department=lit("real-estate-registry"), numberPrefix=lit("JSRE")),
    activity("push", "Approvals.PushToSupervision", "Push to housing authority", 1250, -100, departments=obj(["housing-construction"]), ackDeadlineWorkingDays=lit("2", "Int32")),
    activity("end", "Elsa.End", "Registered", 1450, -100),
    activity("sealDenial", "Approvals.Seal", "Seal written refusal", 850, 150, department=lit("real-estate-registry")),
    activity("deniedEnd", "Elsa.End", "Refused", 1050, 150),
]
cons = [connect("start", "acceptance"), connect("acceptance", "fork", "Accepted"), connect("acceptance", "notAccepted", "NotAccepted"),
        connect("fork", "tax", "tax"), connect("fork", "registration", "registration")]
for step in ["tax", "registration"]:
    cons += [connect(step, "join", "Approved"), connect(step, "join", "Rejected")]
cons += [connect("join", "decision"), connect("decision", "seal", "Approved"), connect("seal", "certificate"), connect("certificate", "push"), connect("push", "end"),
         connect("decision", "sealDenial", "Denied"), connect("sealDenial", "deniedEnd")]
write(os.path.join(root, "real-estate-registration-5d.json"), workflow(
    "real-estate-registration-5d", "Real estate registration (5 working days)",
    "Jiangsu 3550 '5': one window for housing, tax and registration; deed tax assessment and the ownership examination in parallel; registration decision; electronic certificate.",
    acts, cons, variables=["reviews", "decision", "acceptedAt", "certificate"], custom={"statutoryLimitWorkingDays": 5, "maxExtensionWorkingDays": 0, **REAL_ESTATE}))
