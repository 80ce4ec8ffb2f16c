"""Regenerates workflows/*.json, the shipped processes. Edit here or in Elsa Studio (then export), not both."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from workflow_json import activity, connect, lit, obj, workflow, write  # noqa: E402

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
    activity("approvedEnd", "Elsa.End", "Approved", 1400, -100),
    activity("sealDenial", "Approvals.Seal", "Seal written denial", 900, 100, department=lit("bureau")),
    activity("deniedEnd", "Elsa.End", "Denied (written denial issued)", 1150, 100),
]
cons += [connect("join", "decision"), connect("decision", "seal", "Approved"), connect("seal", "certificate"), connect("certificate", "approvedEnd"),
         connect("decision", "sealDenial", "Denied"), connect("sealDenial", "deniedEnd")]
write(os.path.join(root, "construction-permit-3550.json"), workflow(
    "construction-permit-3550", "Construction permit (3550, 50 working days)",
    "One window accepts; planning, land, fire and environment review in parallel; a joint decision; one seal; an electronic certificate.",
    acts, cons, variables=["reviews", "decision", "acceptedAt", "certificate"], custom={"statutoryLimitWorkingDays": 50}))
