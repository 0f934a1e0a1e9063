//! Undo and redo, back to the opening of the file. A change is the annotation
//! before and after (by id): `None` before means it was added.

use crate::sidecar::Annotation;

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub before: Option<Annotation>,
    pub after: Annotation,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Records a new change; what was undone can no longer be redone.
    pub fn record(&mut self, change: Change) {
        self.undo.push(change);
        self.redo.clear();
    }

    pub fn undo(&mut self) -> Option<&Change> {
        let change = self.undo.pop()?;
        self.redo.push(change);
        self.redo.last()
    }

    pub fn redo(&mut self) -> Option<&Change> {
        let change = self.redo.pop()?;
        self.undo.push(change);
        self.undo.last()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
}
