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


def connect(source, target, port="Done"):
    return {"source": {"activity": source, "port": port}, "target": {"activity": target, "port": "In"}, "vertices": []}


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
