"""What people read: Chinese labels of codes, output files written safely, the catalogue and uses exports,
figures and tables for notebooks, and the static report."""
