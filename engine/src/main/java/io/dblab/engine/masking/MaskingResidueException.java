package io.dblab.engine.masking;

/** An original value was found in the data directory after masking; the file is named, the value is not. */
public final class MaskingResidueException extends MaskingFailedException {
    private final String file;

    public MaskingResidueException(String file) {
        super("masking residue: an original value of a masked column is still in " + file
                + "; the snapshot was not published");
        this.file = file;
    }

    /** The file, relative to the data directory. */
    public String file() {
        return file;
    }
}
