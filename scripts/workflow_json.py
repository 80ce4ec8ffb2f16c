"""Helpers to write Elsa Studio-shaped workflow JSON for the shipped processes (run: python3 scripts/make_workflows.py)."""
import json


def lit(value, type_name="String"):
    return {"typeName": type_name, "expression": {"type": "Literal", "value": value}}


def obj(value):
    return {"typeName": "Object", "expression": {"type": "Object", "value": json.dumps(value, ensure_ascii=False)}}


def js(source, type_name="Boolean"):
    return {"typeName": type_name, "expression": {"type": "JavaScript", "value": source}}


def activity(id, type, name, x, y, **inputs):
    a = {"id": id, "nodeId": f"Workflow1:Flowchart1:{id}", "name": name, "type": type, "version": 1,
         "customProperties": {}, "metadata": {"designer": {"position": {"x": x, "y": y}, "displayText": name}}}
    a.update(inputs)
    return a


def connect(source, target, port="Done", vertices=()):
    return {"source": {"activity": source, "port": port}, "target": {"activity": target, "port": "In"},
            "vertices": [{"x": x, "y": y} for x, y in vertices]}


# The designer's node height (Studio 3.8.2 draws a step with its ports at about 54 px), used to route loops below a step.
NODE_HEIGHT = 54


def correction_loop(step, port, x, y, width):
    """Draws the correction round the engine runs itself (notice, resubmission, the step again) as a connection from the
    step's correction port back to its own input, routed just below the step (x, y: its position; width: its box).
    A connection back to the step itself changes no routing (see ActivityContext.IsConnected)."""
    below = y + NODE_HEIGHT + 26
    return connect(step, step, port, [(x + width + 14, below), (x - 24, below)])


def workflow(definition_id, name, description, activities, connections, variables=(), custom=None):
    return {
        "definitionId": definition_id, "name": name, "description": description, "toolVersion": "3.8.0.0",
        "variables": [{"id": v, "name": v, "typeName": "Object", "value": None, "storageDriverTypeName": None} for v in variables],
        "inputs": [], "outputs": [], "outcomes": [], "customProperties": custom or {}, "isReadonly": False,
        "options": {"autoUpdateConsumingWorkflows": False},
        "root": {"type": "Elsa.Flowchart", "version": 1, "id": "flowchart", "nodeId": "Workflow1:Flowchart1", "name": "Flowchart1",
                 "metadata": {}, "customProperties": {}, "activities": activities, "connections": connections},
    }


def write(path, wf):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(wf, ensure_ascii=False, indent=2) + "\n")
