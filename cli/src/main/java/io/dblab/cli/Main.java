package io.dblab.cli;
public class Main { public static void main(String[] a) {} }
