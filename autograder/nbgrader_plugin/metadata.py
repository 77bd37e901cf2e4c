"""`CompiledCheckCellMetadata`: nbgrader's `CheckCellMetadata`, with its schema compiled once.

nbgrader validates each cell's metadata with `jsonschema.validate(meta, schema)`, which checks
the schema itself again on every call (most of the cost: a ps1 notebook has 28 nbgrader cells
and autograde checks it twice). Here the schema is compiled once per process (fastjsonschema)
and every rule of nbgrader's `MetadataValidatorV3` still runs unchanged: schema versions,
grade ids, points, cell types, duplicate ids. A cell the compiled check rejects is checked
again with jsonschema, so the error is nbgrader's own, word for word.
"""

from __future__ import annotations

import functools

import fastjsonschema
import jsonschema
from nbgrader.nbgraderformat.common import BaseMetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3
from nbgrader.preprocessors import CheckCellMetadata
from nbgrader.preprocessors.checkcellmetadata import ValidationError


class _CompiledSchema(BaseMetadataValidator):
    """The schema part of `BaseMetadataValidator.validate_cell`, with a compiled validator."""

    def validate_cell(self, cell) -> None:
        if "nbgrader" not in cell.metadata:
            return
        meta = cell.metadata["nbgrader"]
        schema = meta.get("schema_version", 0)
        if schema < self.schema_version:
            raise SchemaTooOldError(f"Outdated schema version: {schema} (expected {self.schema_version})",
                                    schema, self.schema_version)
        if schema > self.schema_version:
            raise SchemaTooNewError(f"Schema version is too new: {schema} (expected {self.schema_version})",
                                    schema, self.schema_version)
        try:
            compiled(self.schema_version, self.schema)(meta)
        except fastjsonschema.JsonSchemaException:
            jsonschema.validate(meta, self.schema)  # nbgrader's own check decides, with its own error


class CompiledMetadataValidator(MetadataValidatorV3, _CompiledSchema):
    """`MetadataValidatorV3`; its `super().validate_cell` reaches `_CompiledSchema` (MRO)."""

    @classmethod
    @functools.cache
    def shared(cls) -> CompiledMetadataValidator:
        return cls()  # reads the three schema files once, not once per notebook


_compiled: dict[int, object] = {}


def compiled(version: int, schema: dict):
    """The validator of nbgrader's metadata schema of that version, compiled once per process."""
    if version not in _compiled:
        _compiled[version] = fastjsonschema.compile(schema)
    return _compiled[version]


class CompiledCheckCellMetadata(CheckCellMetadata):
    """`CheckCellMetadata` with `CompiledMetadataValidator`: same checks, same errors."""

    def preprocess(self, nb, resources):
        import traceback

        try:
            CompiledMetadataValidator.shared().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources
